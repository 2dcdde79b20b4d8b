// Autosave, saved scenarios, and undo/redo outside the editor.
import { expect, test, type Page } from '@playwright/test';

async function typeAtTop(page: Page, text: string) {
  const editor = page.getByRole('region', { name: 'Editor' });
  await expect(editor).toHaveAttribute('aria-busy', 'false');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type(text);
}

const editorText = (page: Page, text: string) => page.getByRole('region', { name: 'Editor' }).getByText(text);

test('a refresh restores the scenario being edited', async ({ page }) => {
  await page.goto('/');
  await typeAtTop(page, '# persist-marker\n');
  await expect(editorText(page, '# persist-marker')).toBeVisible();
  await page.reload();
  await expect(editorText(page, '# persist-marker')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Scenarios · My scenario/ })).toBeVisible();
  // And after a crash (no unload event): the debounced autosave has written it within a second.
  await typeAtTop(page, '# second-marker\n');
  await expect(editorText(page, '# second-marker')).toBeVisible();
  await page.waitForTimeout(1200); // let the autosave debounce (600 ms) elapse, as a crash would not flush
  const context = page.context();
  const again = await context.newPage();
  await again.goto('/');
  await expect(editorText(again, '# second-marker')).toBeVisible();
});

test('undo and redo outside the editor, with buttons and keys', async ({ page }) => {
  await page.goto('/#gallery=node-selector');
  await expect(page.getByRole('button', { name: /^Scenarios · nodeSelector/ })).toBeVisible();
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });
  await expect(undo).toBeDisabled();
  await typeAtTop(page, '# first burst\n');
  await expect(undo).toBeEnabled();
  await page.waitForTimeout(1100); // a pause ends a typing burst
  await typeAtTop(page, '# second burst\n');
  await expect(editorText(page, '# second burst')).toBeVisible();

  // Keys outside the editor: the heading is not a text field.
  await page.getByRole('heading', { name: 'schedlab' }).click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editorText(page, '# second burst')).toHaveCount(0);
  await expect(editorText(page, '# first burst')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(editorText(page, '# second burst')).toBeVisible();

  // The buttons do the same; a canvas edit is one step too.
  await undo.click();
  await undo.click();
  await expect(editorText(page, '# first burst')).toHaveCount(0);
  await expect(undo).toBeDisabled();
  await redo.click();
  await expect(editorText(page, '# first burst')).toBeVisible();
  await page.getByRole('button', { name: 'Add node' }).click();
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/cycles? in/);
  const nodesBefore = await page.getByRole('group', { name: 'Cluster map' }).getByRole('button', { name: /^node-/ }).count();
  await undo.click();
  await expect(page.getByRole('group', { name: 'Cluster map' }).getByRole('button', { name: /^node-/ })).toHaveCount(nodesBefore - 1);
});

test('saved scenarios: rename, switch, new, delete', async ({ page }) => {
  await page.goto('/#gallery=node-name');
  await expect(page.getByRole('button', { name: /^Scenarios · spec.nodeName skips/ })).toBeVisible();
  await typeAtTop(page, '# mine\n'); // edited: the next load gets its own entry

  await page.getByRole('button', { name: /^Scenarios/ }).click();
  let menu = page.getByRole('dialog', { name: 'Saved scenarios' });
  await menu.getByRole('button', { name: 'Rename spec.nodeName skips the scheduler' }).click();
  await menu.getByRole('textbox', { name: /New name/ }).fill('My nodeName notes');
  await menu.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('button', { name: /^Scenarios · My nodeName notes/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);

  await page.goto('/#gallery=node-affinity');
  await expect(page.getByRole('button', { name: /^Scenarios · Node affinity/ })).toBeVisible();
  await page.getByRole('button', { name: /^Scenarios/ }).click();
  menu = page.getByRole('dialog', { name: 'Saved scenarios' });
  await expect(menu.getByRole('list', { name: 'Saved scenarios' }).getByRole('listitem')).toHaveCount(2);
  await menu.getByRole('button', { name: /^My nodeName notes/ }).click();
  await expect(editorText(page, '# mine')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Teaching card' })).toBeVisible();

  await page.getByRole('button', { name: /^Scenarios/ }).click();
  menu = page.getByRole('dialog', { name: 'Saved scenarios' });
  await menu.getByRole('button', { name: 'Delete Node affinity — required and preferred' }).click();
  await menu.getByRole('button', { name: 'Delete “Node affinity — required and preferred”' }).click();
  await expect(menu.getByRole('list', { name: 'Saved scenarios' }).getByRole('listitem')).toHaveCount(1);
  await menu.getByRole('button', { name: 'New empty scenario' }).click();
  await expect(page.getByRole('button', { name: /^Scenarios · Untitled/ })).toBeVisible();
  // An empty, never-edited scenario is not saved: a refresh opens the default one, and the
  // saved scenario is still there.
  await page.reload();
  await expect(page.getByRole('button', { name: /^Scenarios · My scenario/ })).toBeVisible();
  await page.getByRole('button', { name: /^Scenarios/ }).click();
  await expect(page.getByRole('dialog', { name: 'Saved scenarios' }).getByRole('button', { name: /^My nodeName notes/ })).toBeVisible();
});

test('a refresh reopens the scenario at the step and with the pod it was left at', async ({ page }) => {
  await page.goto('/#gallery=predicates-and-priorities');
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/);
  await page.getByRole('region', { name: 'Queue' }).getByRole('button', { name: 'default/web' }).click();
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await expect(slider).toHaveAttribute('aria-valuetext', /^step [1-9]\d* of \d+/);
  const position = await slider.getAttribute('aria-valuetext');
  await page.waitForTimeout(800); // the view is written ~500 ms after it stops changing (a crash would not flush it)
  const again = await page.context().newPage();
  await again.goto('/');
  await expect(again.getByRole('button', { name: /^Scenarios · Filter, then score/ })).toBeVisible();
  await expect(again.getByRole('slider', { name: 'Timeline position' })).toHaveAttribute('aria-valuetext', position!);
  await expect(again.getByRole('region', { name: 'Explanation' }).getByRole('heading', { level: 3 }).first()).toContainText('default/web');
});
