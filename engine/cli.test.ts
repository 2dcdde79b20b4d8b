import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin/schedlab.mjs');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8' });

const cluster = `apiVersion: v1
kind: Node
metadata: {name: n1}
status: {allocatable: {cpu: "1", memory: 1Gi, pods: "110"}}
---
apiVersion: v1
kind: Pod
metadata: {name: fits, namespace: default}
spec: {containers: [{name: c, image: x, resources: {requests: {cpu: 500m}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: big, namespace: default}
spec: {containers: [{name: c, image: x, resources: {requests: {cpu: "2"}}}]}
`;

describe('schedlab command line', () => {
  it('prints help and version', () => {
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toContain('schedlab explain FILE');
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })).toMatch(/^schedlab \S+ \(kube-scheduler v1\.35\)/);
  });

  it('explain --json prints the conformance contract', () => {
    const r = run(['explain', '-', '--json'], cluster);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['cycles', 'final']);
    expect(out.cycles.map((c: { pod: string; result: string }) => [c.pod, c.result])).toEqual([
      ['default/fits', 'Scheduled'],
      ['default/big', 'Unschedulable'],
    ]);
    expect(Object.keys(out.cycles[0])).toEqual(['pod', 'result', 'node', 'nominatedNode', 'victims', 'message', 'filter', 'scores']);
    expect(out.cycles[1].message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    expect(out.final).toEqual({ 'default/fits': { node: 'n1' }, 'default/big': { node: null } });
  });

  it('explains in words, like kubectl describe events', () => {
    const r = run(['explain', '-'], cluster);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Successfully assigned default/fits to n1');
    expect(r.stdout).toContain('FailedScheduling');
    expect(r.stdout).not.toContain('\x1b['); // no colour when not a terminal
  });

  it('reports bad input as file:line:col and exits 2', () => {
    const r = run(['explain', '-', '--json'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: c, image: x, resources: {requests: {cpu: lots}}}]}\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<stdin>:\d+:\d+: /m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects unknown commands and options with exit code 2', () => {
    expect(run(['frobnicate']).status).toBe(2);
    expect(run(['explain', '--wat', 'x']).status).toBe(2);
    expect(run(['explain', 'no-such-file.yaml']).status).toBe(2);
  });
});
