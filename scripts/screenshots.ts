// The README's screenshots, taken from the real app: the production build (built when dist/ is
// missing or stale), served with `vite preview`, in Chromium. Writes docs/screenshots/*.png.
//
//   npx tsx scripts/screenshots.ts            all of them
//   npx tsx scripts/screenshots.ts spread     only those whose name starts with an argument
//
// Each shot opens a gallery scenario (or pastes one), steps the timeline to the moment it shows,
// and checks that the page says what the README says it shows before it takes the picture.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, expect, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, ensureBuild, root, serve } from '../bench/serve';

const OUT = path.join(root, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 760 };
const MAX_BYTES = 250 * 1024;

const slider = (page: Page) => page.getByRole('slider', { name: 'Timeline position' });

async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/, { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Editor' })).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  const card = page.getByRole('complementary', { name: 'Teaching card' });
  if (await card.count()) await card.getByRole('button', { name: 'Hide the teaching card' }).click();
}

async function stepUntil(page: Page, label: RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (label.test((await slider(page).getAttribute('aria-valuetext')) ?? '')) return;
    await page.getByRole('button', { name: 'Step forward' }).click();
  }
  throw new Error(`never reached a step ${label}`);
}

/** Lets the step's motion (150–300 ms) settle and moves the mouse out of the way. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
  await page.waitForTimeout(600);
}

interface Shot {
  name: string;
  /** What the README says it shows. */
  caption: string;
  take: (page: Page, url: string) => Promise<void>;
}

const shots: Shot[] = [
  {
    name: 'filtering',
    caption: 'Filtering: each Filter plugin is one step; the nodes it rejects turn red with the plugin named on them, and hovering one shows the reason.',
    take: async (page, url) => {
      await open(page, `${url}#gallery=predicates-and-priorities`);
      await stepUntil(page, /Filter · TaintToleration rejects/);
      await expect(page.getByRole('region', { name: 'Explanation' })).toContainText('Nodes that said no so far');
      await settle(page);
      // Hover the node TaintToleration rejected: the tooltip names the plugin and the reason.
      const cluster = page.getByRole('region', { name: 'Cluster' });
      const name = await cluster.locator('[aria-description^="rejected by TaintToleration"]').first().getAttribute('aria-label');
      await cluster.getByRole('button', { name: name!, exact: true }).hover();
      await expect(page.getByRole('tooltip')).toContainText('TaintToleration');
    },
  },
  {
    name: 'scoring',
    caption: 'Scoring: every Score plugin normalized and weighted, stacked per node in one colour per plugin, the winner against the runner-up.',
    take: async (page, url) => {
      await open(page, `${url}#gallery=predicates-and-priorities`);
      await stepUntil(page, /Normalize and weight: totals/);
      await expect(page.getByRole('region', { name: 'Explanation' }).getByRole('img', { name: 'Total scores per node' })).toBeVisible();
      await settle(page);
    },
  },
  {
    name: 'topology-spread',
    caption:
      'Topology spread: matching pods per zone, the allowed band [min, min + maxSkew] shaded, and where this pod would land dashed; zone-a and zone-b are rejected.',
    take: async (page, url) => {
      await open(page, `${url}#gallery=spread-zones`);
      await stepUntil(page, /Filter · PodTopologySpread rejects/);
      await expect(page.getByRole('region', { name: 'Explanation' }).getByRole('heading', { name: 'Topology spread' })).toBeVisible();
      await settle(page);
    },
  },
  {
    name: 'preemption',
    caption:
      'Preemption: no node fits checkout, so DefaultPreemption weighs the candidates and their victims; the victim terminates (faded) while checkout waits, nominated, as a dashed ghost chip on its node.',
    take: async (page, url) => {
      await open(page, `${url}#gallery=priority-preemption`);
      await stepUntil(page, /Unschedulable · nominated node-b/);
      const explanation = page.getByRole('region', { name: 'Explanation' });
      await expect(explanation.getByRole('table', { name: 'Preemption candidates' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'default/report' })).toHaveAccessibleDescription(/terminating/);
      await settle(page);
    },
  },
];

const only = process.argv.slice(2);
ensureBuild((m) => console.error(`  ${m}`));
fs.mkdirSync(OUT, { recursive: true });
const { url, server } = await serve();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
let failed = false;
try {
  for (const shot of shots) {
    if (only.length && !only.some((o) => shot.name.startsWith(o))) continue;
    const ctx = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light', reducedMotion: 'reduce', deviceScaleFactor: 1 });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await shot.take(page, url);
      const file = path.join(OUT, `${shot.name}.png`);
      await page.screenshot({ path: file });
      const size = fs.statSync(file).size;
      console.log(`${path.relative(root, file)}  ${Math.round(size / 1024)} KB  ${shot.caption}`);
      if (size > MAX_BYTES) {
        console.error(`  ${shot.name}: larger than ${MAX_BYTES / 1024} KB`);
        failed = true;
      }
      if (errors.length) throw new Error(errors.join('\n'));
    } catch (e) {
      console.error(`${shot.name}: ${e instanceof Error ? e.message : String(e)}`);
      failed = true;
    } finally {
      await ctx.close();
    }
  }
} finally {
  await browser.close();
  server.kill();
}
process.exit(failed ? 1 : 0);
