// `npm run bench` (browser part): the app's production build in Debian's Chromium (headless).
// Prints a table and, as its last line, one JSON object with every figure.
//
//   playback_500n_5000p_fps      frames per second while a 500-node, 5,000-pod scenario plays at
//                                the fastest speed, from requestAnimationFrame timestamps over 6 s
//                                (target >= 50); with _p95_frame_ms, _long_frames (> 50 ms),
//                                _steps_per_s (how far the playback really moved meanwhile) and
//                                _main_ms_per_step (main-thread busy time per step, from CDP).
//   initial_js_gzip_kb           the JavaScript the page loads before anything lazy: the files
//                                index.html references and their static imports, gzipped, without
//                                the Monaco chunk and without workers (target <= 300).
//   engine_worker_js_gzip_kb     the engine's Web Worker, gzipped (fetched at start-up, in parallel).
//   cluster_first_paint_ms       from navigation start to the first frame that shows the cluster's
//                                nodes (the `schedlab:cluster-first-paint` mark the app sets), on a
//                                fresh profile with the default scenario; median of 5 (target < 1500).
//   cluster_first_paint_500n_ms  the same for the 500-node, 5,000-pod scenario opened from a link.
//
// Builds the app when dist/ is missing or older than the sources, serves it with `vite preview` on
// a free port, and drives Chromium with Playwright (/usr/bin/chromium when present, the flags of
// playwright.config.ts). Arguments pick figures by prefix (e.g. `npm run bench -- playback`).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, dist, ensureBuild, serve } from './serve';
import { encodeLink } from '../app/share/codec';
import { bigScenario, NODES } from './scenarios';

const figures: Record<string, number> = {};
const only = process.argv.slice(2);
const want = (figure: string) => !only.length || only.some((o) => o === 'browser' || figure.startsWith(o));

function log(msg: string): void {
  console.error(`  ${msg}`);
}

// ---- (b) initial JavaScript ------------------------------------------------------------------------

function gzipKb(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file)).length / 1024;
}

/** The files index.html loads as scripts (module entry and modulepreloads) and their static imports. */
function initialScripts(): { files: string[]; lazy: string[] } {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const queue: string[] = [];
  for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)) queue.push(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) queue.push(m[1]);
  const seen = new Set<string>();
  const lazy = new Set<string>();
  const toFile = (ref: string, from?: string) => {
    if (/^https?:/.test(ref)) return null;
    return ref.startsWith('/') ? path.join(dist, ref) : path.resolve(from ? path.dirname(from) : dist, ref);
  };
  const files = queue.map((r) => toFile(r)).filter((f): f is string => !!f);
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (seen.has(f)) continue;
    seen.add(f);
    const code = fs.readFileSync(f, 'utf8');
    // Static imports and re-exports: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`.
    for (const m of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)) {
      const dep = toFile(m[1], f);
      if (dep && !seen.has(dep)) files.push(dep);
    }
    for (const m of code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)) {
      const dep = toFile(m[1], f);
      if (dep) lazy.add(dep);
    }
  }
  return { files: [...seen].filter((f) => !/MonacoEditor/.test(path.basename(f))), lazy: [...lazy].filter((f) => !seen.has(f)) };
}

// ---- in the page -------------------------------------------------------------------------------------

const FIRST_PAINT = 'schedlab:cluster-first-paint';

async function firstPaint(page: Page): Promise<number> {
  const q = `performance.getEntriesByName(${JSON.stringify(FIRST_PAINT)})`;
  await page.waitForFunction(`${q}.length > 0`, undefined, { timeout: 120_000 });
  return page.evaluate(`${q}[0].startTime`) as Promise<number>;
}

async function engineDone(page: Page): Promise<void> {
  await page
    .getByRole('status', { name: 'Engine status' })
    .filter({ hasText: /\d+ cycles? in \d+/ })
    .waitFor({ timeout: 180_000 });
}

/** rAF timestamps over `ms`, in the page (a string: tsx would wrap a function with helpers the page lacks). */
function rafTimes(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const ts = [];
    const tick = (t) => {
      ts.push(t);
      if (t - ts[0] < ${Number(ms)}) requestAnimationFrame(tick);
      else resolve(ts);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number[]>;
}

async function stepIndex(page: Page): Promise<number> {
  return Number(await page.getByRole('slider', { name: 'Timeline position' }).getAttribute('aria-valuenow'));
}

async function measurePlayback(browser: Browser, url: string): Promise<void> {
  const yaml = bigScenario();
  const link = `${url}#${encodeLink({ yaml, name: 'bench 500 nodes, 5000 pods' })}`;
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => log(`page error: ${String(e)}`));
  const t0 = Date.now();
  await page.goto(link);
  const paint = await firstPaint(page);
  await engineDone(page);
  log(`500n/5000p scenario: cluster painted at ${Math.round(paint)} ms, engine done after ${Date.now() - t0} ms`);
  if (want('cluster_first_paint_500n_ms')) figures.cluster_first_paint_500n_ms = Math.round(paint);
  const nodes = await page
    .getByRole('group', { name: 'Cluster map' })
    .getByRole('button', { name: /^node-\d+$/ })
    .count();
  if (nodes !== NODES) throw new Error(`expected ${NODES} focusable nodes on the canvas, found ${nodes}`);
  if (!want('playback_500n_5000p_fps')) return ctx.close();

  const speed = page.getByRole('combobox', { name: 'Speed' });
  const values = (await page.evaluate(`[...document.querySelectorAll('select[aria-label="Speed"] option')].map((o) => o.value)`)) as string[];
  const fastest = values.sort((a, b) => Number(b) - Number(a))[0];
  await speed.selectOption(fastest);
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(500); // past the first step's work
  // Main-thread time per step (CDP Performance.TaskDuration): less sensitive to a busy machine than fps.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const task0 = await taskSeconds();
  const before = await stepIndex(page);
  const ts = await rafTimes(page, 6000);
  const after = await stepIndex(page);
  const task1 = await taskSeconds();
  await page.getByRole('button', { name: 'Pause' }).click();
  const secs = (ts[ts.length - 1] - ts[0]) / 1000;
  const deltas = ts
    .slice(1)
    .map((t, i) => t - ts[i])
    .sort((a, b) => a - b);
  figures.playback_500n_5000p_fps = Math.round(((ts.length - 1) / secs) * 10) / 10;
  figures.playback_500n_5000p_p95_frame_ms = Math.round(deltas[Math.floor(deltas.length * 0.95)] * 10) / 10;
  figures.playback_500n_5000p_long_frames = deltas.filter((d) => d > 50).length;
  figures.playback_500n_5000p_steps_per_s = Math.round(((after - before) / secs) * 10) / 10;
  if (after > before) figures.playback_500n_5000p_main_ms_per_step = Math.round(((task1 - task0) * 1000 * 10) / (after - before)) / 10;
  log(
    `playback at ${fastest}x: ${figures.playback_500n_5000p_fps} fps, p95 frame ${figures.playback_500n_5000p_p95_frame_ms} ms, ${after - before} steps in ${secs.toFixed(1)} s, main thread ${figures.playback_500n_5000p_main_ms_per_step} ms per step`,
  );
  if (after <= before) throw new Error('the playback did not advance while measuring');
  await ctx.close();
}

async function measureFirstPaint(browser: Browser, url: string): Promise<void> {
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(url);
    times.push(await firstPaint(page));
    await ctx.close();
  }
  times.sort((a, b) => a - b);
  figures.cluster_first_paint_ms = Math.round(times[2]);
  log(`cluster first paint (default scenario): ${times.map((t) => Math.round(t)).join(', ')} ms`);
}

// ---- main --------------------------------------------------------------------------------------------

ensureBuild(log);

if (want('initial_js_gzip_kb') || want('engine_worker_js_gzip_kb')) {
  const { files, lazy } = initialScripts();
  const kb = files.reduce((a, f) => a + gzipKb(f), 0);
  figures.initial_js_gzip_kb = Math.round(kb * 10) / 10;
  log(`initial JS: ${files.map((f) => path.basename(f)).join(', ')} (lazy, not counted: ${lazy.map((f) => path.basename(f)).join(', ') || 'none'})`);
  const worker = fs.readdirSync(path.join(dist, 'assets')).find((f) => /^worker-[\w-]+\.js$/.test(f));
  if (worker) figures.engine_worker_js_gzip_kb = Math.round(gzipKb(path.join(dist, 'assets', worker)) * 10) / 10;
}

if (want('cluster_first_paint_ms') || want('cluster_first_paint_500n_ms') || want('playback_500n_5000p_fps')) {
  const { url, server } = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    if (want('cluster_first_paint_ms')) await measureFirstPaint(browser, url);
    if (want('playback_500n_5000p_fps') || want('cluster_first_paint_500n_ms')) await measurePlayback(browser, url);
  } finally {
    await browser.close();
    server.kill();
  }
}

const targets: [string, string, (v: number) => boolean][] = [
  ['playback_500n_5000p_fps', '>= 50', (v) => v >= 50],
  ['initial_js_gzip_kb', '<= 300', (v) => v <= 300],
  ['cluster_first_paint_ms', '< 1500', (v) => v < 1500],
];
console.log('\nbrowser figure                      value   target');
for (const [k, v] of Object.entries(figures)) {
  const t = targets.find(([name]) => name === k);
  console.log(`${k.padEnd(34)} ${String(v).padStart(7)}   ${t ? `${t[1]} ${t[2](v) ? 'ok' : 'MISSED'}` : ''}`);
}
console.log(JSON.stringify(figures));
