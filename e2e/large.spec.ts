// A large cluster: zoomed out, nodes are canvas tiles, yet every node stays a focusable element
// named by the node and described by its state; zoomed in, they are full cards with pod chips.
import { expect, test } from '@playwright/test';
import { stepUntil } from './helpers';

test('500 nodes: every node focusable, named and described; full cards when zoomed in', async ({ page }) => {
  await page.goto('/#gallery=percentage-of-nodes-to-score');
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/);
  await page.getByRole('complementary', { name: 'Teaching card' }).getByRole('button', { name: 'Hide the teaching card' }).click();
  const map = page.getByRole('group', { name: 'Cluster map' });
  const nodes = map.getByRole('button', { name: /^(node-\d+|big-node)$/ });
  await expect(nodes).toHaveCount(500);

  // Zoomed out: a tile under a transparent element; its state is in its description.
  await stepUntil(page, /passed all/);
  const first = map.getByRole('button', { name: 'node-001', exact: true });
  await expect(first).toHaveAccessibleDescription(/passed all filters/);
  await expect(map.getByRole('button', { name: 'node-499', exact: true })).toHaveAccessibleDescription(/not examined in this cycle/);
  await first.focus();
  await expect(page.getByRole('tooltip')).toContainText('node-001');
  await page.keyboard.press('Enter');
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('dialog', { name: 'Edit node node-001' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Edit node node-001' }).getByRole('button', { name: 'Close' }).click();

  // Zoomed in: the nodes in view become full cards, each with the group of its pods.
  const podGroups = map.getByRole('group', { name: /^pods on / });
  await expect(podGroups).toHaveCount(0);
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => podGroups.count()).toBeGreaterThan(0);
  await expect(nodes).toHaveCount(500);
});
