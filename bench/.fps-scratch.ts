import { chromium } from '@playwright/test';
import { encodeLink } from '../app/share/codec';
import { bigScenario } from './scenarios';
const url = process.argv[2]; const mode = process.argv[3] ?? '';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: mode.includes('rm') ? 'reduce' : 'no-preference' });
const page = await ctx.newPage();
await page.goto(`${url}#${encodeLink({ yaml: bigScenario(), name: 'bench' })}`);
await page.getByRole('status', { name: 'Engine status' }).filter({ hasText: /\d+ cycles? in \d+/ }).waitFor({ timeout: 180000 });
await page.getByRole('combobox', { name: 'Speed' }).selectOption({ index: (await page.locator('select[aria-label="Speed"] option').count()) - 1 });
if (mode.includes('zoom')) { for (let i=0;i<6;i++) await page.getByRole('button', { name: 'Zoom in' }).click(); }
await page.getByRole('button', { name: 'Reset' }).click();
const mm = /mouse=(\d+):(\d+)/.exec(mode);
if (mm) { await page.mouse.move(+mm[1], +mm[2]); await page.keyboard.press(' '); }
else if (mode.includes('kbd')) { await page.mouse.move(0, 0); await page.keyboard.press(' '); } else { await page.getByRole('button', { name: 'Play' }).click(); if (mode.includes('away')) await page.mouse.move(0,0); if (mode.includes('blur')) await page.evaluate('document.activeElement.blur()'); }
await page.waitForTimeout(500);
const cdp = await ctx.newCDPSession(page); await cdp.send('Performance.enable');
const met = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as any).metrics.map((m: any) => [m.name, m.value]));
const step = async () => Number(await page.getByRole('slider', { name: 'Timeline position' }).getAttribute('aria-valuenow'));
const m0 = await met(); const s0 = await step();
const ts = await page.evaluate(`new Promise((resolve) => { const ts = []; const tick = (t) => { ts.push(t); if (t - ts[0] < 5000) requestAnimationFrame(tick); else resolve(ts); }; requestAnimationFrame(tick); })`) as number[];
const d = ts.slice(1).map((t, i) => t - ts[i]).sort((a, b) => a - b);
const m1 = await met(); const s1 = await step(); const ns = s1 - s0;
const per = (k: string) => ((m1[k] - m0[k]) * 1000 / ns).toFixed(1);
console.log(mode, 'steps', ns, 'per step ms: task', per('TaskDuration'), 'script', per('ScriptDuration'), 'layout', per('LayoutDuration'), 'style', per('RecalcStyleDuration'));
console.log(mode, 'fps', ((ts.length - 1) / ((ts[ts.length - 1] - ts[0]) / 1000)).toFixed(1), 'p50', d[d.length >> 1].toFixed(1), 'p95', d[Math.floor(d.length * 0.95)].toFixed(1), 'max', d[d.length - 1].toFixed(1));
await browser.close();
