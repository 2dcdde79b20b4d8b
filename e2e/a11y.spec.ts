import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openApp, stepUntil } from './helpers';

for (const scheme of ['dark', 'light'] as const) {
  test(`no serious accessibility violations (${scheme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    // The landmarks a screen reader user navigates by.
    for (const name of ['Editor', 'Cluster', 'Explanation', 'Timeline', 'Queue']) {
      await expect(page.getByRole('region', { name })).toBeVisible();
    }
    await stepUntil(page, 'NodeResourcesFit');
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
