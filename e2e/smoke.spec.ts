import { expect, test } from '@playwright/test';

test('the page loads and the engine worker answers with its version', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'schedlab' })).toBeVisible();
  const status = page.getByRole('status', { name: 'Engine status' });
  await expect(status).toContainText(/Engine \d+\.\d+\.\d+ ready \(kube-scheduler v1\.35\)/);
  expect(errors).toEqual([]);
});
