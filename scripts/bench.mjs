#!/usr/bin/env node
// `npm run bench`: the engine benchmarks (bench/engine.ts) under tsx. Arguments pick workloads
// by prefix (e.g. `npm run bench -- basic spread`). The last line printed is one JSON object.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(
  process.execPath,
  ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', path.join(root, 'bench/engine.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);
process.exit(r.status ?? 1);
