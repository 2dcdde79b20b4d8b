// The browser part of the import benchmark (bench/import.ts): the production build in headless
// Chromium, a generated `kubectl get -o json` dump chosen in the Import dialog, timed from the
// click on "Import" to
//   - the dialog's "Imported …" result (the dump read and slimmed), and
//   - the end of the engine's run on the imported scenario (its pending pods explained: the
//     engine status shows the run's cycles and "Why pending" lists the pods still pending).
// Peak memory: the proportional set size (PSS, from /proc/PID/smaps_rollup) of every process of
// the browser, summed, sampled every 100 ms; and the peak of the page's renderer alone (the page
// and its workers run there). Linux only (other systems report no memory figure).
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, ensureBuild, serve } from './serve';

export interface BrowserImportFigures {
  /** Click on Import → the dialog's "Imported …" result. */
  read_s: number;
  /** Click on Import → the engine's run on the imported scenario done. */
  total_s: number;
  /** Peak PSS of all browser processes (MB), and before the import (MB). */
  peak_mb: number | null;
  base_mb: number | null;
  /** Peak PSS of the largest process (the renderer with the page and its workers). */
  renderer_peak_mb: number | null;
  cycles: number;
}

function children(pid: number): number[] {
  try {
    const out: number[] = [];
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      const c = fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (c) out.push(...c.split(/\s+/).map(Number));
    }
    return out;
  } catch {
    return [];
  }
}

function readComm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** PSS of the process tree under `root` (kB): total and the largest single process. */
function treePss(root: number): { total: number; max: number } {
  const todo = [root];
  let total = 0;
  let max = 0;
  while (todo.length) {
    const p = todo.pop() as number;
    const k = pssKb(p);
    total += k;
    max = Math.max(max, k);
    todo.push(...children(p));
  }
  return { total, max };
}

export async function measureBrowserImport(file: string, log: (m: string) => void): Promise<BrowserImportFigures> {
  ensureBuild(log);
  const { url, server } = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  // Playwright's driver runs in this process and starts the browser as a child of it.
  const pid = children(process.pid).find((c) => /chrom/i.test(readComm(c)));
  try {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => log(`page error: ${String(e)}`));
    await page.goto(url);
    const status = page.getByRole('status', { name: 'Engine status' });
    await status.filter({ hasText: /\d+ cycles? in \d+/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
    await dialog.getByLabel('Files to import').setInputFiles(file);
    await dialog.getByRole('list', { name: 'Files to import' }).waitFor();
    await page.waitForTimeout(500);

    const base = pid && fs.existsSync('/proc') ? treePss(pid) : null;
    let peak = base ? { ...base } : null;
    let t0 = Date.now();
    const series: [number, number][] = [];
    let peakAt = 0;
    const sampler = setInterval(() => {
      if (!pid || !peak) return;
      const s = treePss(pid);
      series.push([Date.now() - t0, Math.round(s.max / 1024)]);
      if (s.max > peak.max) peakAt = Date.now() - t0;
      peak = { total: Math.max(peak.total, s.total), max: Math.max(peak.max, s.max) };
    }, 100);

    t0 = Date.now();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: /^Imported / }).waitFor({ timeout: 300_000 });
    const tRead = Date.now();
    // The engine's run on the imported text: hundreds of cycles (the default scenario has 2).
    await page.waitForFunction(
      `(() => {
        const m = document.querySelector('[aria-label="Engine status"]')?.textContent?.match(/(\\d+) cycles? in \\d+/);
        return !!m && Number(m[1]) >= 100;
      })()`,
      undefined,
      { timeout: 300_000, polling: 50 },
    );
    const tDone = Date.now();
    clearInterval(sampler);
    if (pid && peak) {
      const s = treePss(pid);
      peak = { total: Math.max(peak.total, s.total), max: Math.max(peak.max, s.max) };
    }
    // Where the time went: the app's marks (ms after the import started) and the run's own timings.
    const marks = (await page.evaluate(`(() => {
      const start = performance.getEntriesByName('schedlab:import-start').at(-1)?.startTime ?? 0;
      const out = {};
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('schedlab:') && m.startTime >= start) { out[m.name.slice(9)] = Math.round(m.startTime - start); if (m.detail) for (const [k, v] of Object.entries(m.detail)) out[k] = Math.round(v); }
      return out;
    })()`)) as Record<string, number>;
    log(`marks (ms after the click): ${JSON.stringify(marks)}`);
    log(`renderer PSS (ms: MB), peak at ${peakAt} ms: ${series.filter((_, i) => i % 5 === 0).map(([t, m]) => `${t}:${m}`).join(' ')}`);
    const text = (await status.textContent()) ?? '';
    const cycles = Number(/(\d+) cycles? in/.exec(text)?.[1] ?? 0);
    const mb = (kb: number) => Math.round(kb / 1024);
    return {
      read_s: (tRead - t0) / 1000,
      total_s: (tDone - t0) / 1000,
      peak_mb: peak ? mb(peak.total) : null,
      base_mb: base ? mb(base.total) : null,
      renderer_peak_mb: peak ? mb(peak.max) : null,
      cycles,
    };
  } finally {
    await browser.close();
    server.kill();
  }
}
