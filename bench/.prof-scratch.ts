// scratch profiler (not part of the project; deleted after use)
import { chromium } from '@playwright/test';
import { encodeLink } from '../app/share/codec';
import fs from 'node:fs';


import { bigScenario } from "./scenarios";
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await ctx.newPage();
await page.goto(`${url}#${encodeLink({ yaml: bigScenario(), name: 'bench' })}`);
await page.getByRole('status', { name: 'Engine status' }).filter({ hasText: /\d+ cycles? in \d+/ }).waitFor({ timeout: 180000 });
await page.getByRole('combobox', { name: 'Speed' }).selectOption({ index: (await page.locator('select[aria-label="Speed"] option').count()) - 1 });
await page.getByRole('button', { name: 'Reset' }).click();
await page.getByRole('button', { name: 'Play' }).click();
await page.waitForTimeout(500);
const cdp = await ctx.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');

await page.waitForTimeout(4000);

const { profile } = await cdp.send('Profiler.stop') as any;
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) { const n: any = byId.get(samples[i]); const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}:${cf.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); }
const tot = [...self.values()].reduce((a, b) => a + b, 0);
console.log('total sampled ms', tot.toFixed(0));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(v.toFixed(1).padStart(8), k);
await browser.close();
