// Shared steps for the end-to-end tests: driven by role and accessible name, as a person would.
import { expect, type Page } from '@playwright/test';

/** Opens the app on a clean slate and waits for the engine and the editor. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/ready/);
  await expect(page.getByRole('region', { name: 'Editor' })).not.toHaveAttribute('aria-busy', 'true');
}

/** Replaces the scenario by pasting YAML into the editor (select all, paste). */
export async function pasteScenario(page: Page, yaml: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'Scenario YAML' });
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate(
    (t) => (globalThis as unknown as { navigator: { clipboard: { writeText(s: string): Promise<void> } } }).navigator.clipboard.writeText(t),
    yaml,
  );
  await page.keyboard.press('ControlOrMeta+V');
  // Leave the editor so the playback shortcuts reach the page.
  await page.getByRole('region', { name: 'Timeline' }).click({ position: { x: 2, y: 2 } });
}

/**
 * A pasted scenario opens at the end of its run (the outcome first); this waits for that, then
 * goes back to the start with Reset, to watch the run step by step.
 */
export async function startOver(page: Page): Promise<void> {
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await expect(slider).toHaveAttribute('aria-valuetext', /^step (\d+) of \1:/);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /^start/);
}

/** Clicks "Step forward" until the timeline says `label` (a substring), at most `max` times. */
export async function stepUntil(page: Page, label: string | RegExp, max = 40): Promise<void> {
  const status = page.getByRole('region', { name: 'Timeline' }).getByRole('slider', { name: 'Timeline position' });
  const forward = page.getByRole('button', { name: 'Step forward' });
  for (let i = 0; i < max; i++) {
    const text = (await status.getAttribute('aria-valuetext')) ?? '';
    if (typeof label === 'string' ? text.includes(label) : label.test(text)) return;
    await forward.click();
  }
  throw new Error(`never reached a step "${String(label)}"`);
}

/** Steps to the end of the trace. */
export async function stepToEnd(page: Page): Promise<void> {
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await slider.focus();
  await page.keyboard.press('End');
}
