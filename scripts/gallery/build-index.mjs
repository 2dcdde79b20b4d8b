#!/usr/bin/env node
// Writes public/gallery/index.json from the front matter of the gallery files, in teaching order.
// Run after adding or editing a gallery scenario:
//
//   node scripts/gallery/build-index.mjs [--check]     (--check: exit 1 if index.json is stale)
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { parseFrontMatter } = await import('../../app/gallery/frontmatter.ts');

/** Display order: from single-node constraints to whole-cluster behaviour. */
export const ORDER = [
  'predicates-and-priorities',
  'node-selector',
  'node-name',
  'node-affinity',
  'pod-affinity',
  'anti-affinity-daemonset',
  'taints-control-plane',
  'noexecute-toleration-seconds',
  'spread-zones',
  'spread-two-per-node',
  'spread-conflicting',
  'priority-preemption',
  'qos-node-pressure',
  'percentage-of-nodes-to-score',
  'scheduler-profiles',
];

const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../public/gallery');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
const missing = files.filter((f) => !ORDER.includes(f));
const gone = ORDER.filter((f) => !files.includes(f));
if (missing.length || gone.length) {
  console.error(`gallery files and ORDER differ: not in ORDER ${JSON.stringify(missing)}, no file ${JSON.stringify(gone)}`);
  process.exit(1);
}
const entries = ORDER.map((name) => {
  const meta = parseFrontMatter(fs.readFileSync(path.join(dir, `${name}.yaml`), 'utf8'));
  if (!meta) {
    console.error(`${name}.yaml: missing or incomplete front matter (title, question and answer are required)`);
    process.exit(1);
  }
  return { name, file: `${name}.yaml`, title: meta.title, concept: meta.concept, plugins: meta.plugins };
});
const json = `${JSON.stringify(entries, null, 2)}\n`;
const target = path.join(dir, 'index.json');
if (process.argv.includes('--check')) {
  const same = fs.existsSync(target) && fs.readFileSync(target, 'utf8') === json;
  console.log(same ? 'public/gallery/index.json is up to date' : 'public/gallery/index.json is stale: run node scripts/gallery/build-index.mjs');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(target, json);
console.log(`wrote public/gallery/index.json (${entries.length} scenarios)`);
