import { expect, test } from '@playwright/test';
import { openApp, pasteScenario } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const CLUSTER = `apiVersion: v1
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
kind: Pod
metadata: { name: huge, namespace: default }
spec:
  containers:
    - name: app
      image: app:1
      resources: { requests: { cpu: "8", memory: 1Gi } }
`;

test('a pod that cannot fit: the exact scheduler message and the nodes grouped by reason', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER);
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByText('default/huge', { exact: true })).toBeVisible();
  await expect(explanation.getByLabel('Scheduler message')).toHaveText(
    '0/2 nodes are available: 2 Insufficient cpu. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  );
  // Both nodes are listed under the one reason, and each links to the canvas.
  await expect(explanation.getByText('Insufficient cpu', { exact: true })).toBeVisible();
  await explanation.getByRole('button', { name: 'node-2', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'node-2', exact: true })).toBeFocused();
  // ... and to the trace step where NodeResourcesFit said no.
  await explanation.getByRole('button', { name: 'show the NodeResourcesFit step' }).click();
  await expect(page.getByRole('slider', { name: 'Timeline position' })).toHaveAttribute('aria-valuetext', /NodeResourcesFit rejects 2 nodes/);
  await expect(page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'node-1', exact: true })).toHaveAccessibleDescription(
    /rejected by NodeResourcesFit: Insufficient cpu/,
  );
});
