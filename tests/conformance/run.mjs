#!/usr/bin/env node
// `npm run test:conformance`: runs every case of tests/conformance/cases through the engine
// in-process (the same load + simulate as `schedlab explain FILE --json`) and compares it with
// the case's expected.json under the rules of the corpus' checker (README.md beside this file).
//
//   node tests/conformance/run.mjs [--only SUBSTRING] [--verbose] [--sync DIR]
//
// --sync DIR first replaces cases/ with a fresh copy of DIR (e.g. ../shared/conformance/cases).
// Cases listed in expected-pending.txt that fail are reported as "pending" but still counted as
// failed; one that passes is reported so that the list can be trimmed.
// Ends with "N passed, N failed"; exit code 1 when anything failed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { loadScenario } = await import(path.join(root, 'engine/api/load.ts'));
const { simulate } = await import(path.join(root, 'engine/simulator/simulate.ts'));
const { toContractJson } = await import(path.join(root, 'engine/simulator/contract.ts'));

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const only = opt('--only', '');
const verbose = args.includes('--verbose');
const casesRoot = path.join(here, 'cases');
const sync = opt('--sync', null);
if (sync) {
  fs.rmSync(casesRoot, { recursive: true, force: true });
  fs.cpSync(path.resolve(sync), casesRoot, { recursive: true });
}

const pendingFile = path.join(here, 'expected-pending.txt');
const pending = new Set(
  fs.existsSync(pendingFile)
    ? fs
        .readFileSync(pendingFile, 'utf8')
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean)
    : [],
);

function findCases(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (!e.isDirectory()) continue;
    if (fs.existsSync(path.join(p, 'expected.json'))) out.push(p);
    else out.push(...findCases(p));
  }
  return out.sort();
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (xs) => [...(xs ?? [])].sort();

// The comparison rules of the corpus' check.mjs.
function compare(exp, got) {
  const diffs = [];
  const cycles = (got.cycles ?? []).filter((c) => c.pod === exp.pod);
  if (!cycles.length) return [`no cycle for pod ${exp.pod}`];
  const first = cycles[0];
  for (const [node, want] of Object.entries(exp.filter ?? {})) {
    if (!first.filter || !(node in first.filter)) {
      diffs.push(`filter ${node}: node not examined`);
      continue;
    }
    const v = first.filter[node];
    const have = v === null ? 'pass' : v.reasons;
    const wantV = want === 'pass' ? 'pass' : want;
    if (!same(have, wantV)) diffs.push(`filter ${node}: want ${JSON.stringify(wantV)} got ${JSON.stringify(have)}`);
  }
  for (const [plugin, perNode] of Object.entries(exp.score ?? {})) {
    for (const [node, want] of Object.entries(perNode)) {
      const have = first.scores?.[node]?.plugins?.[plugin];
      if (have !== want) diffs.push(`score ${plugin} ${node}: want ${want} got ${have}`);
    }
  }
  const o = exp.outcome ?? {};
  const finalNode = got.final?.[exp.pod]?.node ?? null;
  if ('node' in o && finalNode !== o.node) diffs.push(`node: want ${o.node} got ${finalNode}`);
  if (o.oneOf && !o.oneOf.includes(finalNode)) diffs.push(`node: want one of ${o.oneOf} got ${finalNode}`);
  if ('message' in o) {
    const failed = cycles.filter((c) => c.result === 'Unschedulable');
    const have = failed.length ? failed[failed.length - 1].message : null;
    if (have !== o.message) diffs.push(`message: want ${JSON.stringify(o.message)} got ${JSON.stringify(have)}`);
  }
  if ('nominatedNode' in o || 'victims' in o) {
    const pre = cycles.find((c) => c.nominatedNode || (c.victims ?? []).length);
    if ('nominatedNode' in o && (pre?.nominatedNode ?? null) !== o.nominatedNode)
      diffs.push(`nominatedNode: want ${o.nominatedNode} got ${pre?.nominatedNode ?? null}`);
    if ('victims' in o && !same(sorted(pre?.victims), sorted(o.victims)))
      diffs.push(`victims: want ${JSON.stringify(sorted(o.victims))} got ${JSON.stringify(sorted(pre?.victims))}`);
  }
  return diffs;
}

function runCase(dir) {
  const file = path.join(dir, 'cluster.yaml');
  const loaded = loadScenario([{ name: file, text: fs.readFileSync(file, 'utf8') }]);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return [`input errors: ${errors.map((d) => `${d.line}:${d.col}: ${d.message}`).join(' | ')}`];
  const result = simulate(loaded.scenario, { details: true });
  const simErrors = result.diagnostics.filter((d) => d.severity === 'error');
  if (simErrors.length) return [`configuration errors: ${simErrors.map((d) => d.message).join(' | ')}`];
  // Through JSON, exactly as the command line prints it.
  return compare(JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')), JSON.parse(JSON.stringify(toContractJson(result))));
}

let passed = 0;
let failed = 0;
let pendingFailed = 0;
const t0 = Date.now();
for (const dir of findCases(casesRoot).filter((c) => c.includes(only))) {
  const name = path.relative(casesRoot, dir);
  let diffs;
  try {
    diffs = runCase(dir);
  } catch (e) {
    diffs = [`crashed: ${e instanceof Error ? e.message : String(e)}`];
  }
  const isPending = pending.has(name);
  if (diffs.length) {
    failed++;
    if (isPending) pendingFailed++;
    console.log(`FAIL${isPending ? ' (expected-pending)' : ''} ${name}: ${diffs.join('; ')}`);
  } else {
    passed++;
    if (isPending) console.log(`ok   ${name} (listed in expected-pending.txt but passes now)`);
    else if (verbose) console.log(`ok   ${name}`);
  }
}
if (pendingFailed) console.log(`(${pendingFailed} of the failures are listed in expected-pending.txt)`);
if (verbose) console.log(`(${((Date.now() - t0) / 1000).toFixed(1)}s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
