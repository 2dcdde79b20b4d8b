// The gallery: every teaching scenario opens from the menu, runs without an error and shows its
// teaching card; the answer is revealed by playing to the end.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type { GalleryEntry } from '../app/gallery/frontmatter';

const index = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../public/gallery/index.json'), 'utf8')) as GalleryEntry[];

test('every gallery scenario opens and runs without an error', async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  for (const entry of index) {
    await page.getByRole('button', { name: 'Gallery' }).click();
    await page.getByRole('menu', { name: 'Gallery of teaching scenarios' }).getByRole('menuitem', { name: entry.title, exact: true }).click();
    const card = page.getByRole('complementary', { name: 'Teaching card' });
    await expect(card.getByRole('heading', { name: entry.title })).toBeVisible();
    await expect(page.getByRole('button', { name: new RegExp(`^Scenarios · `) })).toContainText(entry.title.slice(0, 20));
    const status = page.getByRole('status', { name: 'Engine status' });
    await expect(status, entry.name).toContainText(/\d+ cycles? in \d+ ms/);
    await expect(status).not.toContainText(/failed|stopped/i);
    await expect(page.getByRole('list', { name: 'Problems' }), entry.name).toHaveCount(0);
    await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);
    expect(errors, entry.name).toEqual([]);
  }
});

test('the teaching card: predict, play, and the answer appears at the end', async ({ page }) => {
  await page.goto('/#gallery=node-affinity');
  const card = page.getByRole('complementary', { name: 'Teaching card' });
  await expect(card.getByRole('heading', { name: 'Node affinity — required and preferred' })).toBeVisible();
  await expect(card).toContainText('Which one wins?');
  await expect(card.getByRole('region', { name: 'Answer' })).toHaveCount(0);
  await expect(card.getByRole('link', { name: 'NodeAffinity' })).toHaveAttribute('href', /pkg\/scheduler\/framework\/plugins\/nodeaffinity/);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
  await card.getByRole('button', { name: '▶ Play to find out' }).click();
  await expect(card.getByRole('region', { name: 'Answer' })).toContainText('node-b2', { timeout: 30_000 });
  // The answer selects the pod the question is about (the card heads the Explanation pane).
  await expect(page.getByRole('region', { name: 'Explanation' }).getByRole('heading', { level: 3, name: /default\/app/ })).toBeVisible();

  // Hide and bring back the card.
  await card.getByRole('button', { name: 'Hide the teaching card' }).click();
  await expect(card).toHaveCount(0);
  await page.getByRole('button', { name: 'Teaching card' }).click();
  await expect(card).toBeVisible();
});

test('"Show the answer" reveals it without playing', async ({ page }) => {
  await page.goto('/#gallery=spread-conflicting');
  const card = page.getByRole('complementary', { name: 'Teaching card' });
  await card.getByRole('button', { name: 'Show the answer' }).click();
  await expect(card.getByRole('region', { name: 'Answer' })).toContainText('Pending');
});
