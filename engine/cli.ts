// The `schedlab` command line (run through bin/schedlab.mjs).
//
//   schedlab explain FILE... [--json] [--seed N]     (FILE "-" = standard input)
//   schedlab --help | --version
//
// `explain` loads the objects, runs the scheduler and prints, for every pod that was pending,
// what happened (as kubectl describe's Events would show it) with a compact table of the nodes'
// filter verdicts and scores; `--json` prints the conformance contract instead
// (see tests/conformance). Bad input: one "file:line:col: message" line per error on stderr,
// exit code 2. No stack traces.

import fs from 'node:fs';
import { loadScenario, type LoadInput } from './api/load';
import { fileByteSource, type FileByteSource } from './node/filesource';
import type { Diagnostic } from './api/scenario';
import type { CycleRecord } from './scheduler/schedule_one';
import { toContractJson } from './simulator/contract';
import { simulate, type ClusterEventRecord, type SimResult } from './simulator/simulate';
import { ENGINE_VERSION, KUBE_SCHEDULER_VERSION } from './version';

const USAGE = `schedlab ${ENGINE_VERSION} — kube-scheduler ${KUBE_SCHEDULER_VERSION}, step by step

Usage:
  schedlab explain FILE... [--json] [--seed N]
  schedlab --help
  schedlab --version

Commands:
  explain   Load the Kubernetes objects in FILE(s) (YAML or JSON; "-" reads standard input):
            nodes, pods (with spec.nodeName = running, without = pending), namespaces,
            PriorityClasses, PodDisruptionBudgets, Services, workloads, an optional
            KubeSchedulerConfiguration and schedlab.dev/v1alpha1 ClusterChanges (timed changes).
            Schedule every pending pod as kube-scheduler would and explain each decision.

Options:
  --json      Print the result as JSON: {"cycles": [...], "final": {...}}
  --seed N    Seed of the random tie-breaking between equally scored nodes (and of
              preemption's random start); the same input and seed give the same result
              (default 1)
  --no-color  No colours (also when NO_COLOR is set or the output is not a terminal)
  -h, --help  Show this help
  -v, --version  Show the version

Exit codes: 0 done, 1 internal error, 2 bad input or usage.
`;

class UsageError extends Error {}

interface Args {
  command: 'explain' | 'help' | 'version';
  files: string[];
  json: boolean;
  seed: number | undefined;
  color: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { command: 'help', files: [], json: false, seed: undefined, color: true };
  let cmd: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    if (s === '-h' || s === '--help' || s === 'help') return { ...a, command: 'help' };
    if (s === '-v' || s === '--version' || s === 'version') return { ...a, command: 'version' };
    if (s === '--json') a.json = true;
    else if (s === '--no-color') a.color = false;
    else if (s === '--seed' || s.startsWith('--seed=')) {
      const v = s.startsWith('--seed=') ? s.slice(7) : argv[++i];
      if (v === undefined || !/^-?\d+$/.test(v)) throw new UsageError(`--seed needs an integer, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
      a.seed = Number(v);
    } else if (s.startsWith('-') && s !== '-') throw new UsageError(`unknown option ${s}`);
    else if (cmd === null) cmd = s;
    else a.files.push(s);
  }
  if (cmd === null) return { ...a, command: 'help' };
  if (cmd !== 'explain') throw new UsageError(`unknown command "${cmd}"`);
  if (a.files.length === 0) throw new UsageError('explain needs at least one FILE ("-" for standard input)');
  a.command = 'explain';
  return a;
}

function readInputs(files: string[]): LoadInput[] {
  // Bytes, not strings: big dumps are read in pieces by the loader (engine/api/jsonsource.ts).
  const out: LoadInput[] = [];
  for (const f of files) {
    if (f === '-') out.push({ name: '<stdin>', bytes: fs.readFileSync(0) });
    else {
      try {
        out.push({ name: f, bytes: fileByteSource(f) });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(`${f}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read'}`);
      }
    }
  }
  return out;
}

const diagLine = (d: Diagnostic): string =>
  `${d.file}:${d.line}:${d.col}: ${d.severity === 'error' ? '' : `${d.severity}: `}${d.message}`;

// ---- human output -------------------------------------------------------------------------

interface Paint {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

function painter(on: boolean): Paint {
  const w = (a: number, b: number) => (s: string) => (on ? `\x1b[${a}m${s}\x1b[${b}m` : s);
  return { red: w(31, 39), green: w(32, 39), yellow: w(33, 39), dim: w(2, 22), bold: w(1, 22) };
}

const age = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function nodeTable(c: CycleRecord, p: Paint): string[] {
  const filter = c.filter ?? {};
  const scores = c.scores ?? {};
  const nodes = Object.keys(filter);
  for (const n of Object.keys(scores)) if (!(n in filter)) nodes.push(n);
  if (nodes.length === 0) return [];
  const plugins: string[] = [];
  for (const s of Object.values(scores)) for (const k of Object.keys(s.plugins)) if (!plugins.includes(k)) plugins.push(k);
  const rows: string[][] = [['NODE', 'FILTER', 'SCORE', ...plugins]];
  const colors: ((s: string) => string)[][] = [[]];
  for (const n of nodes) {
    const v = filter[n];
    const sc = scores[n];
    const verdict = v === undefined ? '-' : v === null ? 'pass' : `${v.plugin}: ${v.reasons.join(', ')}`;
    const row = [n, verdict, sc ? String(sc.total) : '-', ...plugins.map((pl) => (sc && pl in sc.plugins ? String(sc.plugins[pl]) : '-'))];
    rows.push(row);
    const isChosen = c.node === n;
    colors.push([isChosen ? p.bold : (s) => s, v ? p.red : p.green]);
  }
  const widths = rows[0].map((_, i) => Math.min(i === 1 ? 70 : 40, Math.max(...rows.map((r) => r[i].length))));
  return rows.map((r, ri) =>
    r
      .map((cell, i) => {
        const text = cell.length > widths[i] ? cell.slice(0, widths[i] - 1) + '…' : cell;
        const padded = i === r.length - 1 ? text : pad(text, widths[i]);
        if (ri === 0) return p.dim(padded);
        const f = colors[ri][i];
        return f ? f(padded) : padded;
      })
      .join('  ')
      .trimEnd(),
  );
}

function humanReport(r: SimResult, p: Paint): string {
  const out: string[] = [];
  const byPod = new Map<string, CycleRecord[]>();
  for (const c of r.cycles) {
    let l = byPod.get(c.pod);
    if (!l) byPod.set(c.pod, (l = []));
    l.push(c);
  }
  const victimOf = new Map<string, { preemptor: string; t: number }>();
  for (const c of r.cycles) for (const v of c.victims) victimOf.set(v, { preemptor: c.pod, t: c.t });
  const ignored = new Map(r.ignoredPods.map((x) => [x.pod, x.reason]));
  const scheduledCount = Object.values(r.final).filter((f) => f.node !== null).length;
  const endT = r.endTime;
  // Events recorded by the other components (taint eviction, kubelet, workload controllers, ...),
  // by object; the scheduler's own events come from the cycles.
  const eventsOf = new Map<string, ClusterEventRecord[]>();
  for (const e of r.events ?? []) {
    if (e.reason === 'Preempted') continue;
    let l = eventsOf.get(e.object);
    if (!l) eventsOf.set(e.object, (l = []));
    l.push(e);
  }
  // Column widths: kubectl's table grows with its longest cell.
  const RW = Math.max(17, ...[...eventsOf.values()].flat().map((e) => e.reason.length));
  const FW = Math.max(18, ...[...eventsOf.values()].flat().map((e) => e.source.length), ...r.cycles.map((c) => c.profile.length));
  const eventLine = (e: ClusterEventRecord) =>
    `    ${e.type === 'Warning' ? p.yellow(pad(e.type, 8)) : pad(e.type, 8)} ${pad(e.reason, RW)} ${pad(age(endT - e.t), 6)} ${pad(e.source, FW)} ${e.message.trimEnd()}`;
  const podStatus = (fin: SimResult['final'][string] | undefined) =>
    fin?.node
      ? p.green(`Scheduled on ${fin.node}`) + (fin.phase === 'Terminating' ? p.yellow(' (Terminating)') : '')
      : p.yellow(fin?.phase === 'Failed' ? `Failed${fin.reason ? ` (${fin.reason})` : ''}` : fin?.phase === 'Deleted' ? 'Deleted' : (fin?.phase ?? 'Deleted'));

  for (const [pod, cycles] of byPod) {
    const last = cycles[cycles.length - 1];
    const fin = r.final[pod];
    const status = podStatus(fin);
    out.push(p.bold(`Pod ${pod}`) + `  ${status}` + p.dim(`  (profile ${last.profile}, ${cycles.length} attempt${cycles.length > 1 ? 's' : ''})`));
    out.push('  Events:');
    out.push(p.dim(`    ${pad('Type', 8)} ${pad('Reason', RW)} ${pad('Age', 6)} ${pad('From', FW)} Message`));
    const lines: { t: number; text: string }[] = [];
    for (const c of cycles) {
      const from = c.profile;
      const a = age(endT - c.t);
      if (c.result === 'Scheduled') {
        lines.push({ t: c.t, text: `    ${pad('Normal', 8)} ${pad('Scheduled', RW)} ${pad(a, 6)} ${pad(from, FW)} Successfully assigned ${pod} to ${c.node}` });
      } else {
        lines.push({ t: c.t, text: `    ${p.yellow(pad('Warning', 8))} ${pad('FailedScheduling', RW)} ${pad(a, 6)} ${pad(from, FW)} ${c.message ?? ''}` });
        if (c.nominatedNode) {
          lines.push({
            t: c.t,
            text: `    ${pad('Normal', 8)} ${pad('Nominated', RW)} ${pad(a, 6)} ${pad(from, FW)} Nominated to ${c.nominatedNode}; preempting ${c.victims.join(', ') || 'nothing'}`,
          });
        }
      }
    }
    const v = victimOf.get(pod);
    if (v) lines.push({ t: v.t, text: `    ${pad('Normal', 8)} ${pad('Preempted', RW)} ${pad(age(endT - v.t), 6)} ${pad('default-scheduler', FW)} Preempted by pod ${v.preemptor}` });
    for (const e of eventsOf.get(`Pod/${pod}`) ?? []) lines.push({ t: e.t, text: eventLine(e) });
    eventsOf.delete(`Pod/${pod}`);
    lines.sort((a, b) => a.t - b.t);
    for (const l of lines) out.push(l.text);
    const shown = cycles.length > 1 && last !== cycles[0] ? [cycles[0], last] : [cycles[0]];
    for (const c of shown) {
      const table = nodeTable(c, p);
      if (!table.length) continue;
      const notes: string[] = [];
      if (c.ties && c.ties.length > 1) notes.push(`tie between ${c.ties.join(', ')}, picked at random`);
      if (c.result === 'Scheduled' && c.feasibleNodes === 1) notes.push('one feasible node: scoring skipped');
      out.push(`  Nodes (attempt ${c.attempt}${notes.length ? `; ${notes.join('; ')}` : ''}):`);
      for (const l of table) out.push(`    ${l}`);
    }
    out.push('');
  }
  // Pods that were never scheduled here but were acted on (preempted, evicted, ...).
  const acted = new Set<string>([...victimOf.keys()].filter((k) => !byPod.has(k)));
  for (const obj of eventsOf.keys()) if (obj.startsWith('Pod/') && !byPod.has(obj.slice(4))) acted.add(obj.slice(4));
  for (const pod of acted) {
    const fin = r.final[pod];
    out.push(p.bold(`Pod ${pod}`) + `  ${podStatus(fin)}`);
    out.push('  Events:');
    out.push(p.dim(`    ${pad('Type', 8)} ${pad('Reason', RW)} ${pad('Age', 6)} ${pad('From', FW)} Message`));
    const lines: { t: number; text: string }[] = [];
    const v = victimOf.get(pod);
    if (v) lines.push({ t: v.t, text: `    ${pad('Normal', 8)} ${pad('Preempted', RW)} ${pad(age(endT - v.t), 6)} ${pad('default-scheduler', FW)} Preempted by pod ${v.preemptor}` });
    for (const e of eventsOf.get(`Pod/${pod}`) ?? []) lines.push({ t: e.t, text: eventLine(e) });
    eventsOf.delete(`Pod/${pod}`);
    lines.sort((a, b) => a.t - b.t);
    for (const l of lines) out.push(l.text);
    out.push('');
  }
  // Nodes and workloads: what the kubelet and the controllers recorded.
  for (const [obj, list] of eventsOf) {
    const [kind, ...rest] = obj.split('/');
    out.push(p.bold(`${kind} ${rest.join('/')}`));
    out.push('  Events:');
    out.push(p.dim(`    ${pad('Type', 8)} ${pad('Reason', RW)} ${pad('Age', 6)} ${pad('From', FW)} Message`));
    for (const e of list) out.push(eventLine(e));
    out.push('');
  }
  for (const [pod, reason] of ignored) {
    out.push(p.bold(`Pod ${pod}`) + `  ${p.yellow('Pending')}`);
    out.push(`  ${reason}`);
    out.push('');
  }
  for (const [pod, fin] of Object.entries(r.final)) {
    if (byPod.has(pod) || ignored.has(pod) || fin.phase !== 'Pending') continue;
    out.push(p.bold(`Pod ${pod}`) + `  ${p.yellow('Pending')}  ${p.dim('(never tried)')}`);
    out.push('');
  }
  const pending = Object.values(r.final).filter((f) => f.phase === 'Pending').length;
  out.push(
    p.dim(
      `${r.cycles.length} scheduling cycle${r.cycles.length === 1 ? '' : 's'}, ${scheduledCount} pod${scheduledCount === 1 ? '' : 's'} running, ${pending} pending; virtual time ${age(endT)}`,
    ),
  );
  return out.join('\n') + '\n';
}

// ---- main ---------------------------------------------------------------------------------

export function main(argv: string[]): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`schedlab: ${(e as Error).message}\nRun "schedlab --help" for usage.\n`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    process.stdout.write(`schedlab ${ENGINE_VERSION} (kube-scheduler ${KUBE_SCHEDULER_VERSION})\n`);
    return 0;
  }
  let inputs: LoadInput[];
  try {
    inputs = readInputs(args.files);
  } catch (e) {
    process.stderr.write(`schedlab: ${(e as Error).message}\n`);
    return 2;
  }
  const loaded = loadScenario(inputs);
  for (const i of inputs) (i.bytes as FileByteSource | undefined)?.close?.();
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning');
  if (errors.length) {
    for (const d of errors) process.stderr.write(diagLine(d) + '\n');
    return 2;
  }
  const result = simulate(loaded.scenario, { seed: args.seed, details: true });
  const simErrors = result.diagnostics.filter((d) => d.severity === 'error');
  if (simErrors.length) {
    for (const d of simErrors) process.stderr.write(diagLine(d) + '\n');
    return 2;
  }
  const color = args.color && !process.env.NO_COLOR && !!process.stdout.isTTY;
  for (const d of [...warnings, ...result.diagnostics.filter((x) => x.severity === 'warning')]) {
    process.stderr.write(diagLine(d) + '\n');
  }
  if (args.json) process.stdout.write(JSON.stringify(toContractJson(result)) + '\n');
  else process.stdout.write(humanReport(result, painter(color)));
  return 0;
}

/** Entry point used by bin/schedlab.mjs. */
export function run(): void {
  let code: number;
  try {
    code = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`schedlab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 1;
  }
  process.exitCode = code;
}
