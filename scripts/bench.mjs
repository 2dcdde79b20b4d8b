#!/usr/bin/env node
// `npm run bench`: the engine benchmarks (bench/engine.ts), then the browser benchmarks
// (bench/browser.ts: playback fps, initial JS size, first paint, in Chromium), then importing a
// big cluster dump (bench/import.ts: CLI and in-process load times, peak memory, and the same
// dump through the Import dialog in Chromium: bench/importBrowser.ts), each under tsx.
// Arguments pick workloads or figures by prefix (e.g. `npm run bench -- basic spread`,
// `npm run bench -- browser`, `npm run bench -- playback`, `npm run bench -- import`); a stage
// none of them names is skipped.
// Each stage prints its own table; the last line printed is ONE JSON object with every figure.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** Figure and workload prefixes of each stage (to skip a stage that no argument names). */
const stages = [
  { script: 'bench/engine.ts', node: ['--expose-gc', '--max-old-space-size=8192'], names: ['basic_', 'antiaffinity', 'spread', 'preemption', 'cycle_detail', 'engine'] },
  { script: 'bench/browser.ts', node: [], names: ['playback', 'initial_js', 'engine_worker_js', 'cluster_first_paint', 'browser'] },
  // importing a generated 1,000-node / 30,000-pod `kubectl get -o json` dump (~560 MB, kept in the temp dir)
  { script: 'bench/import.ts', node: [], names: ['import'] },
];
const named = (stage) => !args.length || args.some((a) => stage.names.some((n) => n.startsWith(a) || a.startsWith(n)));

const figures = {};
let status = 0;
for (const stage of stages) {
  if (!named(stage)) continue;
  const r = spawnSync(process.execPath, [...stage.node, '--import', 'tsx', path.join(root, stage.script), ...args], {
    stdio: ['inherit', 'pipe', 'inherit'],
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Echo the stage's output but its last line, the stage's JSON object, which is merged.
  const lines = (r.stdout ?? '').trimEnd().split('\n');
  const last = lines.pop() ?? '';
  try {
    Object.assign(figures, JSON.parse(last));
    if (lines.length) console.log(lines.join('\n'));
  } catch {
    console.log([...lines, last].join('\n'));
  }
  if (r.status !== 0) {
    console.error(`${stage.script} failed (exit ${r.status ?? r.signal})`);
    status = r.status || 1;
  }
}
console.log(JSON.stringify(figures));
process.exit(status);
