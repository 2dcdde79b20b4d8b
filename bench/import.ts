// `npm run bench` (import part): importing a big cluster dump and explaining its pending pods.
//
// A generated `kubectl get nodes,pods -A -o json` dump (bench/dump.ts: 1,000 nodes with the
// status real kubelets report, 30,000 pods with managedFields, env, probes and status, 200 of
// them pending) is written to a temporary file (kept between runs, several hundred MB), then
//   - in a fresh Node process: loadScenario on the file (read in pieces, as the CLI does),
//     then simulate — times and peak RSS;
//   - the CLI end to end: `node bin/schedlab.mjs explain FILE --json > /dev/null` — wall time
//     and peak RSS.
//   - the browser: the dump chosen in the Import dialog of the production build in headless
//     Chromium, to its pending pods explained (bench/importBrowser.ts; skip with --no-browser).
// Targets (issue 6): at most 10 s end to end, peak memory under 1 GB.
// Prints a table and, as its last line, one JSON object with every figure.
//
//   npx tsx bench/import.ts [--nodes N] [--pods N] [--pending N]
// (the dump stays in the temporary directory for the next run; delete it to regenerate)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeKubectlDump } from './dump';
import { measureBrowserImport } from './importBrowser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DUMP_VERSION = 1;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

interface ChildResult {
  load_s: number;
  /** CPU time (user + system) of loadScenario: wall time on a busy machine is much longer. */
  load_cpu_s: number;
  simulate_s: number;
  peak_mb: number;
  nodes: number;
  pods: number;
  pending: number;
  scheduled: number;
  errors: number;
}

/** In a fresh process: load + simulate, as the CLI does (bytes read in pieces). */
async function child(file: string): Promise<void> {
  const { loadScenario } = await import('../engine/api/load');
  const { simulate } = await import('../engine/simulator/simulate');
  const { fileByteSource } = await import('../engine/node/filesource');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const src = fileByteSource(file);
  const { scenario, diagnostics } = loadScenario([{ name: file, bytes: src }]);
  src.close();
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const r = simulate(scenario, { details: true });
  const t2 = performance.now();
  const out: ChildResult = {
    load_s: (t1 - t0) / 1000,
    load_cpu_s: (c1.user + c1.system) / 1e6,
    simulate_s: (t2 - t1) / 1000,
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    nodes: scenario.nodes.length,
    pods: scenario.pods.length,
    pending: scenario.pods.filter((p) => !p.spec?.nodeName).length,
    scheduled: Object.values(r.final).filter((f) => f.node !== null).length,
    errors: diagnostics.filter((d) => d.severity === 'error').length,
  };
  console.log(JSON.stringify(out));
}

function lastJson(text: string): Record<string, unknown> {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const nodes = arg('nodes', 1000);
  const pods = arg('pods', 30_000);
  const pending = arg('pending', 200);
  const tag = `${nodes >= 1000 && nodes % 1000 === 0 ? `${nodes / 1000}k` : nodes}_${pods >= 1000 && pods % 1000 === 0 ? `${pods / 1000}k` : pods}`;
  const file = path.join(os.tmpdir(), `schedlab-bench-dump-v${DUMP_VERSION}-${nodes}-${pods}-${pending}.json`);
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    const st = writeKubectlDump(`${file}.part`, { nodes, pods, pending });
    fs.renameSync(`${file}.part`, file);
    console.error(`  generated ${file}: ${(st.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const dumpMB = Math.round(fs.statSync(file).size / 1e6);

  // in-process load + simulate (fresh process, so the memory figure is the import's own)
  const c = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (c.status !== 0) throw new Error(`load child failed: ${c.stderr}`);
  const lr = lastJson(c.stdout) as unknown as ChildResult;
  if (lr.errors) throw new Error(`the dump has ${lr.errors} load errors`);

  // the CLI end to end; peak RSS from a hook that reports process.resourceUsage() at exit
  const hook = path.join(os.tmpdir(), `schedlab-bench-rss-${process.pid}.mjs`);
  const rssFile = path.join(os.tmpdir(), `schedlab-bench-rss-${process.pid}.txt`);
  fs.writeFileSync(hook, `import fs from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); fs.writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify([u.maxRSS, (u.userCPUTime + u.systemCPUTime) / 1e6])); });\n`);
  const t0 = performance.now();
  const cli = spawnSync(process.execPath, ['--import', hook, path.join(root, 'bin/schedlab.mjs'), 'explain', file, '--json'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const cliS = (performance.now() - t0) / 1000;
  if (cli.status !== 0) throw new Error(`CLI failed (${cli.status}): ${cli.stderr.slice(0, 2000)}`);
  const [maxRSS, cliCPU] = JSON.parse(fs.readFileSync(rssFile, 'utf8')) as [number, number];
  const cliPeakMB = Math.round(maxRSS / 1024);
  fs.rmSync(hook, { force: true });
  fs.rmSync(rssFile, { force: true });

  const figures: Record<string, number> = {
    [`import_${tag}_cli_s`]: round(cliS, 2),
    [`import_${tag}_cli_cpu_s`]: round(cliCPU, 2),
    [`import_${tag}_load_s`]: round(lr.load_s, 2),
    [`import_${tag}_load_cpu_s`]: round(lr.load_cpu_s, 2),
    [`import_${tag}_simulate_s`]: round(lr.simulate_s, 2),
    [`import_${tag}_peak_mb`]: cliPeakMB,
    [`import_${tag}_load_peak_mb`]: lr.peak_mb,
    [`import_${tag}_dump_mb`]: dumpMB,
  };
  let browserLine = '';
  // the browser: the production build in headless Chromium, the dump chosen in the Import dialog
  if (!process.argv.includes('--no-browser')) {
    const b = await measureBrowserImport(file, (m) => console.error(`  ${m}`));
    figures[`import_${tag}_browser_s`] = round(b.total_s, 2);
    figures[`import_${tag}_browser_read_s`] = round(b.read_s, 2);
    if (b.peak_mb !== null) figures[`import_${tag}_browser_peak_mb`] = b.peak_mb;
    if (b.renderer_peak_mb !== null) figures[`import_${tag}_browser_renderer_peak_mb`] = b.renderer_peak_mb;
    browserLine =
      `  browser (headless Chromium): read and slimmed in ${b.read_s.toFixed(2)} s, explained (${b.cycles} cycles) ${b.total_s.toFixed(2)} s after the click; peak PSS ${b.peak_mb ?? '?'} MB (before: ${b.base_mb ?? '?'} MB; renderer ${b.renderer_peak_mb ?? '?'} MB); targets 10 s, 1024 MB`;
  }
  console.log(`\nimport ${tag}: ${dumpMB} MB dump, ${lr.nodes} nodes, ${lr.pods} pods (${lr.pending} pending, ${lr.scheduled} running at the end)`);
  console.log(`  loadScenario ${lr.load_s.toFixed(2)} s (CPU ${lr.load_cpu_s.toFixed(2)} s) + simulate ${lr.simulate_s.toFixed(2)} s in process (peak RSS ${lr.peak_mb} MB)`);
  console.log(`  CLI explain --json: ${cliS.toFixed(2)} s end to end (CPU ${cliCPU.toFixed(2)} s, peak RSS ${cliPeakMB} MB); targets 10 s, 1024 MB`);
  if (browserLine) console.log(browserLine);
  console.log(JSON.stringify(figures));
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

const ci = process.argv.indexOf('--child');
if (ci >= 0) await child(process.argv[ci + 1]);
else await main();
