import { expect, test } from '@playwright/test';
import { openApp, pasteScenario, stepToEnd } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const CLUSTER = `apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels: { topology.kubernetes.io/zone: zone-a }
status: { allocatable: { cpu: "1", memory: 2Gi, pods: "110" } }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers:
    - name: app
      image: app:1
      resources: { requests: { cpu: "2", memory: 1Gi } }
`;

test('drawing a node makes a pending pod schedule onto it', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER);
  const explanation = page.getByRole('region', { name: 'Explanation' });
  const cluster = page.getByRole('region', { name: 'Cluster' });
  await expect(explanation.getByLabel('Scheduler message')).toContainText('0/1 nodes are available: 1 Insufficient cpu.');

  await cluster.getByRole('button', { name: 'Add node' }).click();
  await expect(cluster.getByRole('button', { name: 'node-2', exact: true })).toBeVisible();
  // The drawing tool wrote YAML: the new node's editor opened and the run picked it up.
  await expect(page.getByRole('dialog', { name: 'Edit node node-2' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Edit node node-2' }).getByRole('button', { name: 'Close' }).click();

  // The pasted scenario was open at its end, and stays there after the edit: the new outcome.
  await expect(explanation.getByText('Scheduled on node-2')).toBeVisible();
  await stepToEnd(page);
  await expect(cluster.getByRole('group', { name: 'pods on node-2' }).getByRole('button', { name: 'default/p' })).toBeVisible();
  await expect(cluster.getByRole('button', { name: 'node-2', exact: true })).toHaveAccessibleDescription(/chosen/);
});

test('editing a node: a taint keeps the pod off, cordon shows, delete removes it', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER.replace('cpu: "1", memory: 2Gi', 'cpu: "4", memory: 8Gi'));
  const explanation = page.getByRole('region', { name: 'Explanation' });
  const cluster = page.getByRole('region', { name: 'Cluster' });
  await expect(explanation.getByText('Scheduled on node-1')).toBeVisible();

  await cluster.getByRole('button', { name: 'node-1', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit node node-1' });
  await dialog.getByRole('textbox', { name: 'Taint key' }).fill('dedicated');
  await dialog.getByRole('textbox', { name: 'Taint value' }).fill('gpu');
  await dialog.getByRole('button', { name: 'Add taint' }).click();
  await expect(explanation.getByLabel('Scheduler message')).toContainText("1 node(s) had untolerated taint(s)");

  await dialog.getByRole('button', { name: 'Cordon' }).click();
  await expect(cluster.getByRole('button', { name: 'node-1', exact: true })).toHaveAccessibleDescription(/cordoned/);
  await dialog.getByRole('button', { name: 'Delete node' }).click();
  await expect(cluster.getByRole('button', { name: 'node-1', exact: true })).toHaveCount(0);
});

test('dragging a node onto another zone changes its zone label', async ({ page }) => {
  await openApp(page);
  await pasteScenario(
    page,
    `apiVersion: v1
kind: Node
metadata: { name: node-1, labels: { topology.kubernetes.io/zone: zone-a } }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } }
---
apiVersion: v1
kind: Node
metadata: { name: node-2, labels: { topology.kubernetes.io/zone: zone-b } }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } }
---
apiVersion: v1
kind: Node
metadata: { name: node-3, labels: { topology.kubernetes.io/zone: zone-b } }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } }
`,
  );
  const cluster = page.getByRole('region', { name: 'Cluster' });
  const zoneA = cluster.getByRole('group', { name: 'zone zone-a' });
  await expect(zoneA.getByRole('button', { name: 'node-2', exact: true })).toHaveCount(0);
  // The view fits small clusters to the pane with a short transition: wait until the nodes stand still.
  const box = async (name: string) => (await cluster.getByRole('button', { name, exact: true }).boundingBox())!;
  let from = await box('node-2');
  await expect
    .poll(async () => {
      await page.waitForTimeout(150);
      const now = await box('node-2');
      const still = now.x === from.x && now.y === from.y && now.width === from.width;
      from = now;
      return still;
    })
    .toBe(true);
  const to = await box('node-1');
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 30, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(zoneA.getByRole('button', { name: 'node-2', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Cluster' })).toContainText('2 zones');
});
