import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../api/podinfo';
import { container, fakeHandle, makeNode, makePod, nodeInfos, runScore, scoresByName, snapshotOf } from '../helper/testutil';
import { ImageLocality, normalizedImageName } from './index';

const mb = 1024 * 1024;
type Images = { names: string[]; sizeBytes: number }[];
const node403002000: Images = [
  { names: ['gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'], sizeBytes: 40 * mb },
  { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * mb },
  { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * mb },
];
const node25010: Images = [
  { names: ['gcr.io/250:latest'], sizeBytes: 250 * mb },
  { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * mb },
];
const node60040900: Images = [
  { names: ['gcr.io/600:latest'], sizeBytes: 600 * mb },
  { names: ['gcr.io/40:latest'], sizeBytes: 40 * mb },
  { names: ['gcr.io/900:latest'], sizeBytes: 900 * mb },
];
const node300600900: Images = [
  { names: ['gcr.io/300:latest'], sizeBytes: 300 * mb },
  { names: ['gcr.io/600:latest'], sizeBytes: 600 * mb },
  { names: ['gcr.io/900:latest'], sizeBytes: 900 * mb },
];
const node400030: Images = [
  { names: ['gcr.io/4000:latest'], sizeBytes: 4000 * mb },
  { names: ['gcr.io/30:latest'], sizeBytes: 30 * mb },
];
const node203040: Images = [
  { names: ['gcr.io/20:latest'], sizeBytes: 20 * mb },
  { names: ['gcr.io/30:latest'], sizeBytes: 30 * mb },
  { names: ['gcr.io/40:latest'], sizeBytes: 40 * mb },
];
const noImages: Images = [];

const spec = (images: string[], init: string[] = []) =>
  makePod('p', {
    containers: images.map((image, i) => container({ image }, `c${i}`)),
    initContainers: init.length ? init.map((image, i) => container({ image }, `i${i}`)) : undefined,
  });

function score(pod: ReturnType<typeof makePod>, nodes: [string, Images][]) {
  const nis = nodeInfos(nodes.map(([n, images]) => makeNode(n, { images })));
  const pl = new ImageLocality(fakeHandle(snapshotOf(nis)));
  return scoresByName(runScore(pl, newPodInfo(pod), nis));
}

// Upstream image_locality_test.go TestImageLocalityPriority.
describe('ImageLocality', () => {
  const cases: { name: string; pod: ReturnType<typeof makePod>; nodes: [string, Images][]; want: Record<string, number> }[] = [
    { name: 'two images spread on two nodes, prefer the larger image one', pod: spec(['gcr.io/40', 'gcr.io/250']), nodes: [['node1', node403002000], ['node2', node25010]], want: { node1: 0, node2: 5 } },
    { name: 'two images on one node, prefer this node', pod: spec(['gcr.io/40', 'gcr.io/300']), nodes: [['node1', node403002000], ['node2', node25010]], want: { node1: 7, node2: 0 } },
    { name: 'if exceed limit, use limit', pod: spec(['gcr.io/10', 'gcr.io/4000']), nodes: [['node1', node400030], ['node2', node25010]], want: { node1: 100, node2: 0 } },
    { name: 'if exceed limit, use limit (with node which has no images present)', pod: spec(['gcr.io/10', 'gcr.io/4000']), nodes: [['node1', node400030], ['node2', node25010], ['node3', noImages]], want: { node1: 66, node2: 0, node3: 0 } },
    { name: 'pod with multiple large images, node2 is preferred', pod: spec(['gcr.io/300', 'gcr.io/600', 'gcr.io/900']), nodes: [['node1', node60040900], ['node2', node300600900], ['node3', noImages]], want: { node1: 32, node2: 36, node3: 0 } },
    { name: 'pod with multiple small images', pod: spec(['gcr.io/30', 'gcr.io/40']), nodes: [['node1', node203040], ['node2', node400030]], want: { node1: 1, node2: 0 } },
    { name: 'include InitContainers: two images spread on two nodes, prefer the larger image one', pod: spec(['gcr.io/30'], ['gcr.io/300']), nodes: [['node1', node403002000], ['node2', node203040]], want: { node1: 6, node2: 0 } },
  ];
  for (const c of cases) it(c.name, () => expect(score(c.pod, c.nodes)).toEqual(c.want));

  // TestNormalizedImageName.
  it('normalizedImageName', () => {
    expect(normalizedImageName('root')).toBe('root:latest');
    expect(normalizedImageName('gcr.io:5000/root')).toBe('gcr.io:5000/root:latest');
    expect(normalizedImageName('root:tag')).toBe('root:tag');
    const digest = 'root@sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2';
    expect(normalizedImageName(digest)).toBe(digest);
  });
});
