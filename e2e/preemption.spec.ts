import { expect, test } from '@playwright/test';
import { openApp, pasteScenario, startOver, stepToEnd, stepUntil } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const low = (name: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: default, labels: { app: batch } }
spec:
  nodeName: node-a
  containers: [{ name: c, image: busybox, resources: { requests: { cpu: "1" } } }]
`;
const CLUSTER = [
  `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: high }
value: 1000
`,
  `apiVersion: v1
kind: Node
metadata: { name: node-a, labels: { kubernetes.io/hostname: node-a } }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } }
`,
  low('low-1'),
  low('low-2'),
  `apiVersion: v1
kind: Pod
metadata: { name: urgent, namespace: default }
spec:
  priorityClassName: high
  priority: 1000
  containers: [{ name: c, image: busybox, resources: { requests: { cpu: 1500m } } }]
`,
].join('---\n');

test('preemption: candidates, victims terminating, the nominated node, then the preemptor binds', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER);
  const explanation = page.getByRole('region', { name: 'Explanation' });
  const cluster = page.getByRole('region', { name: 'Cluster' });
  await expect(explanation.getByRole('heading', { name: 'Preemption' })).toBeVisible();
  const candidates = explanation.getByRole('table', { name: 'Preemption candidates' });
  await expect(candidates).toContainText('node-a');
  await expect(candidates).toContainText('default/low-1');
  await expect(candidates).toContainText('default/low-2');
  await expect(explanation.getByText('Scheduled on node-a')).toBeVisible();

  // The same story step by step, from the start.
  await startOver(page);
  await stepUntil(page, /victim/);
  await expect(cluster.getByRole('button', { name: 'node-a', exact: true })).toHaveAccessibleDescription(/nominated node for preemption/);
  await expect(cluster.getByRole('button', { name: 'default/low-1' })).toHaveAccessibleDescription(/terminating/);

  await stepToEnd(page);
  await expect(cluster.getByRole('group', { name: 'pods on node-a' }).getByRole('button', { name: 'default/urgent' })).toBeVisible();
  await expect(cluster.getByRole('button', { name: 'default/low-1' })).toHaveCount(0);
  await expect(explanation.getByText('Scheduled on node-a')).toBeVisible();
});
