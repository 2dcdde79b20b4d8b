import { expect, test } from '@playwright/test';
import { openApp, pasteScenario } from './helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const node = (name: string, zone: string) => `apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { topology.kubernetes.io/zone: ${zone}, kubernetes.io/hostname: ${name} } }
status: { allocatable: { cpu: "4", memory: 8Gi, pods: "110" } }
`;
const running = (name: string, nodeName: string) => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: default, labels: { app: web } }
spec:
  nodeName: ${nodeName}
  containers: [{ name: c, image: nginx, resources: { requests: { cpu: 100m } } }]
`;
const CLUSTER = [
  node('a-1', 'zone-a'),
  node('a-2', 'zone-a'),
  node('b-1', 'zone-b'),
  running('web-0', 'a-1'),
  running('web-1', 'a-2'),
  `apiVersion: v1
kind: Pod
metadata: { name: web-2, namespace: default, labels: { app: web } }
spec:
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: DoNotSchedule
      labelSelector: { matchLabels: { app: web } }
  containers: [{ name: c, image: nginx, resources: { requests: { cpu: 100m } } }]
`,
].join('---\n');

test('topology spread: matching pods per zone, the allowed band, and the skew that rejects zone-a', async ({ page }) => {
  await openApp(page);
  await pasteScenario(page, CLUSTER);
  const explanation = page.getByRole('region', { name: 'Explanation' });
  await expect(explanation.getByText('Scheduled on b-1')).toBeVisible();
  await expect(explanation.getByRole('heading', { name: 'Topology spread' })).toBeVisible();
  await expect(explanation.getByRole('img', { name: /Topology spread over topology\.kubernetes\.io\/zone: zone-a 2, zone-b 0; allowed up to 1/ })).toBeVisible();
  // The zone-a nodes fail the filter with the upstream reason.
  await explanation.getByRole('button', { name: 'show the PodTopologySpread step' }).click();
  await expect(page.getByRole('region', { name: 'Cluster' }).getByRole('button', { name: 'a-1', exact: true })).toHaveAccessibleDescription(
    /rejected by PodTopologySpread: node\(s\) didn't match pod topology spread constraints/,
  );
});
