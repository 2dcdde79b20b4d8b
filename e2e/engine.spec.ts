import { expect, test } from '@playwright/test';
import { openApp, pasteScenario } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** A cluster big enough that reading and scheduling it takes a while. */
function bigCluster(nodes: number, pending: number): string {
  const docs: string[] = [];
  for (let i = 0; i < nodes; i++) {
    docs.push(`apiVersion: v1
kind: Node
metadata: { name: n-${i}, labels: { topology.kubernetes.io/zone: zone-${i % 5} } }
status: { allocatable: { cpu: "8", memory: 32Gi, pods: "110" } }
`);
  }
  for (let j = 0; j < pending; j++) {
    docs.push(`apiVersion: v1
kind: Pod
metadata: { name: p-${j}, namespace: default, labels: { app: web } }
spec:
  containers: [{ name: c, image: x, resources: { requests: { cpu: 100m, memory: 128Mi } } }]
`);
  }
  return docs.join('---\n');
}

test('a long run shows progress and can be cancelled; the page stays responsive and the text is kept', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, bigCluster(2000, 1500));
  const cancel = page.getByRole('button', { name: 'Cancel run' });
  await expect(cancel).toBeVisible();
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/reading the scenario|scheduling/);
  // The page answers while the engine works: the theme toggles at once.
  await page.getByRole('button', { name: /Switch to (light|dark) theme/ }).click();
  await cancel.click();
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('Run cancelled');
  await expect(page.getByRole('region', { name: 'Editor' })).toContainText('name: p-1499');
  // A fresh engine takes the next run.
  await pasteScenario(
    page,
    `apiVersion: v1
kind: Node
metadata: { name: solo }
status: { allocatable: { cpu: "1", memory: 1Gi, pods: "10" } }
`,
  );
  await expect(page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'solo', exact: true })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/ready/);
});
