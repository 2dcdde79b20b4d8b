// The Explanation is a view of the cursor: nothing of the outcome before the playback reaches it
// (gallery questions stay open), an explicit "Show outcome", pasted or imported scenarios opened
// at the end; and the profile picker that filters the timeline to one scheduler profile.
import { expect, test } from '@playwright/test';
import { stepUntil } from './helpers';

test('a gallery scenario gives nothing away before it is played', async ({ page }) => {
  await page.goto('/#gallery=taints-control-plane');
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/);
  const explanation = page.getByRole('region', { name: 'Explanation' });
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await expect(slider).toHaveAttribute('aria-valuetext', /^start/);
  await expect(explanation).toContainText('nothing has been scheduled yet');
  await expect(explanation.getByText('Waiting in the queue')).toBeVisible();
  await expect(explanation).not.toContainText(/Scheduled on|Why control-plane|Why worker/);

  // Mid-cycle: being scheduled, the verdicts so far, still no outcome.
  await stepUntil(page, 'TaintToleration');
  await expect(explanation.getByText('Being scheduled')).toBeVisible();
  await expect(explanation.getByRole('heading', { name: 'Nodes that said no so far' })).toBeVisible();
  await expect(explanation).not.toContainText(/Scheduled on/);

  // The outcome appears at the step where the cycle ends: the bind.
  await stepUntil(page, /Bind default\/web/);
  await expect(explanation.getByText('Scheduled on worker-2')).toBeVisible();

  // "Show outcome" jumps to the end for whoever just wants the answer.
  await explanation.getByRole('button', { name: 'Show outcome' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /^step (\d+) of \1:/);
  await expect(explanation.getByRole('button', { name: 'Show outcome' })).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Teaching card' }).getByRole('region', { name: 'Answer' })).toBeVisible();
});

test('the timeline marks show outcomes only up to the cursor', async ({ page }) => {
  await page.goto('/#gallery=spread-conflicting');
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/);
  const timeline = page.getByRole('region', { name: 'Timeline' });
  // The coloured outcome marks are clipped to the played part of the timeline.
  const clipWidth = () => timeline.locator('clipPath rect').getAttribute('width');
  await expect.poll(clipWidth).toBe('0');
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect.poll(async () => Number(await clipWidth())).toBeGreaterThan(900);
});

test('an imported cluster opens at the end: the scheduler message at once', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
  await dialog
    .getByRole('textbox', { name: 'Paste YAML or JSON' })
    .fill(
      [
        'apiVersion: v1\nkind: Node\nmetadata: { name: small-1 }\nstatus: { allocatable: { cpu: "1", memory: 2Gi, pods: "110" } }',
        'apiVersion: v1\nkind: Pod\nmetadata: { name: big, namespace: prod }\nspec: { containers: [{ name: c, image: i, resources: { requests: { cpu: "3" } } }] }',
      ].join('\n---\n'),
    );
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByLabel('Scheduler message')).toContainText('0/1 nodes are available: 1 Insufficient cpu.');
  await expect(page.getByRole('slider', { name: 'Timeline position' })).toHaveAttribute('aria-valuetext', /^step (\d+) of \1:/);
});

test('the profile picker lists the profiles and filters the timeline to one', async ({ page }) => {
  await page.goto('/#gallery=scheduler-profiles');
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/);
  const picker = page.getByRole('combobox', { name: 'Scheduler profile' });
  await expect(picker.getByRole('option')).toHaveText(['all (2 cycles)', 'default-scheduler', 'bin-packing']);
  const slider = page.getByRole('slider', { name: 'Timeline position' });

  await picker.selectOption('bin-packing');
  await expect(slider).toHaveAttribute('aria-valuetext', /default\/pack-me popped from the queue/);
  // Stepping stays within the profile's cycles: a whole cycle forward ends the run.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /^start/);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /default\/pack-me popped/);
  await stepUntil(page, /Bind default\/pack-me/);
  await expect(page.getByRole('region', { name: 'Explanation' }).getByText('Scheduled on node-1')).toBeVisible();

  await picker.selectOption('default-scheduler');
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(slider).toHaveAttribute('aria-valuetext', /default\/spread-me popped/);

  await picker.selectOption({ label: 'all (2 cycles)' });
  await expect(picker).toHaveValue('');
});
