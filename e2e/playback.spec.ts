import { expect, test } from '@playwright/test';
import { openApp, pasteScenario, startOver, stepUntil } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const CLUSTER = `apiVersion: v1
kind: Node
metadata: { name: big, labels: { topology.kubernetes.io/zone: zone-a } }
status: { allocatable: { cpu: "4", memory: 8Gi, pods: "110" } }
---
apiVersion: v1
kind: Node
metadata: { name: small, labels: { topology.kubernetes.io/zone: zone-a } }
status: { allocatable: { cpu: "1", memory: 8Gi, pods: "110" } }
---
apiVersion: v1
kind: Pod
metadata: { name: web, namespace: default, labels: { app: web } }
spec:
  containers:
    - name: web
      image: nginx
      resources: { requests: { cpu: "2", memory: 1Gi } }
`;

test('stepping through a cycle: a node turns red with its reason, the pod binds', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER);
  const cluster = page.getByRole('region', { name: 'Cluster' });
  const small = cluster.getByRole('button', { name: 'small', exact: true });
  const big = cluster.getByRole('button', { name: 'big', exact: true });
  const explanation = page.getByRole('region', { name: 'Explanation' });
  // A pasted scenario opens at the end: the outcome first. Reset goes back to the start, where
  // the Explanation gives nothing away.
  await expect(explanation.getByText('Scheduled on big')).toBeVisible();
  await startOver(page);
  await expect(page.getByRole('region', { name: 'Queue' }).getByRole('button', { name: 'default/web' })).toBeVisible();
  await expect(explanation.getByText('Waiting in the queue')).toBeVisible();
  await expect(explanation.getByText('Scheduled on big')).toHaveCount(0);

  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('slider', { name: 'Timeline position' })).toHaveAttribute('aria-valuetext', /popped from the queue/);
  await stepUntil(page, 'NodeResourcesFit');
  await expect(small).toHaveAccessibleDescription(/rejected by NodeResourcesFit: Insufficient cpu/);
  await expect(big).not.toHaveAccessibleDescription(/rejected/);
  // Mid-cycle the pod is being scheduled; what the filters said so far is listed, not the outcome.
  await expect(explanation.getByText('Being scheduled')).toBeVisible();
  await expect(explanation.getByRole('heading', { name: 'Nodes that said no so far' })).toBeVisible();

  // Hovering (or focusing) the node shows the plugin and the reason.
  await small.hover();
  await expect(page.getByRole('tooltip')).toContainText('Insufficient cpu');

  // Step back and forward again: the verdict goes and comes back.
  await page.getByRole('button', { name: 'Step back' }).click();
  await expect(small).not.toHaveAccessibleDescription(/rejected/);
  await page.keyboard.press('ArrowRight');
  await expect(small).toHaveAccessibleDescription(/rejected by NodeResourcesFit/);

  await stepUntil(page, /Bind default\/web/);
  await expect(big).toHaveAccessibleDescription(/chosen/);
  await expect(cluster.getByRole('group', { name: 'pods on big' }).getByRole('button', { name: 'default/web' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Explanation' }).getByText('Scheduled on big')).toBeVisible();

  // Reset goes back to the start; Play runs to the end by itself.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(cluster.getByRole('group', { name: 'pods on big' }).getByRole('button', { name: 'default/web' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('8');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(cluster.getByRole('group', { name: 'pods on big' }).getByRole('button', { name: 'default/web' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});

test('keyboard: space plays and pauses, shift+arrow jumps a whole cycle, ? opens the help', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER);
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(slider).toHaveAttribute('aria-valuetext', /^step (\d+) of \1:/); // opened at the end
  await page.getByRole('region', { name: 'Timeline' }).click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuetext', /^start/);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', /popped from the queue/);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', /Bind default\/web/);
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', /^step (\d+) of \1:/);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  // Every shortcut is listed, undo and redo included.
  for (const key of ['Space', 'Shift + →', 'Home', 'End', /^(Ctrl|⌘) \+ Z$/, /^(Ctrl|⌘) \+ Shift \+ Z$/, 'Esc']) {
    await expect(help.getByRole('cell', { name: key, exact: typeof key === 'string' })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});
