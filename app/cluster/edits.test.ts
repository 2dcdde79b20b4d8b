import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addNode, deleteNode, nextNodeName, nextZoneName, nodeNames, setCordon, setNodeCapacity, setNodeLabel, setNodeTaints, ZONE_LABEL } from './edits';

const SRC = `# my cluster
apiVersion: v1
kind: Node
metadata:
  name: a # the first one
  labels:
    ${ZONE_LABEL}: zone-a
status:
  allocatable: { cpu: "2", memory: 4Gi, pods: "110" }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: a
  containers: [{ name: c, image: x }]
---
# a List, as kubectl prints it
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Node
    metadata: { name: b }
`;

const docs = (text: string) => text.split(/^---$/m).map((d) => parse(d));

describe('drawing tools edit the YAML', () => {
  it('sets and removes a label, keeping comments and other documents byte for byte', () => {
    const out = setNodeLabel(SRC, 'a', ZONE_LABEL, 'zone-b');
    expect(out).toContain('# my cluster');
    expect(out).toContain('# the first one');
    expect(docs(out)[0].metadata.labels[ZONE_LABEL]).toBe('zone-b');
    expect(out.slice(out.indexOf('---'))).toBe(SRC.slice(SRC.indexOf('---')));
    const removed = setNodeLabel(out, 'a', ZONE_LABEL, null);
    expect(docs(removed)[0].metadata.labels).toBeUndefined();
  });

  it('edits a node inside a kind: List', () => {
    const out = setCordon(SRC, 'b', true);
    expect(docs(out)[2].items[0].spec.unschedulable).toBe(true);
    expect(docs(setCordon(out, 'b', false))[2].items[0].spec).toBeUndefined();
  });

  it('taints and capacity', () => {
    let out = setNodeTaints(SRC, 'a', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect(docs(out)[0].spec.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    out = setNodeCapacity(out, 'a', { cpu: '8', memory: '', pods: '20' });
    expect(docs(out)[0].status.allocatable).toEqual({ cpu: '8', memory: '4Gi', pods: '20' });
    expect(docs(setNodeTaints(out, 'a', []))[0].spec).toBeUndefined();
  });

  it('deleting a node makes its pods pending', () => {
    const out = deleteNode(SRC, 'a');
    expect(nodeNames(out)).toEqual(['b']);
    const pod = docs(out).find((d) => d?.kind === 'Pod');
    expect(pod.spec.nodeName).toBeUndefined();
    expect(nodeNames(deleteNode(SRC, 'b'))).toEqual(['a']);
  });

  it('adds a node with zone and region labels, with fresh names', () => {
    const name = nextNodeName(nodeNames(SRC));
    expect(name).toBe('node-1');
    const out = addNode(SRC, { name, zone: nextZoneName(['zone-a']), region: 'eu' });
    const added = docs(out).at(-1);
    expect(added.metadata.name).toBe('node-1');
    expect(added.metadata.labels[ZONE_LABEL]).toBe('zone-b');
    expect(added.metadata.labels['topology.kubernetes.io/region']).toBe('eu');
    expect(addNode('', { name: 'x' })).toMatch(/^apiVersion: v1\nkind: Node/);
  });
});
