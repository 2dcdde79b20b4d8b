// The gallery (public/gallery): every scenario is valid Kubernetes YAML the loader accepts
// without errors, its teaching card is complete, its focus pod exists, and the engine's outcome
// is the one its card promises (the `expect` list in its front matter). index.json and the
// generated large scenario are in sync with their sources.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadScenario } from '../engine/api/load';
import { simulate } from '../engine/simulator/simulate';
import { parseFrontMatter, type GalleryEntry, type GalleryExpectation } from '../app/gallery/frontmatter';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'public/gallery');
const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as GalleryEntry[];

describe('gallery index', () => {
  it('lists every gallery file, in sync with the front matter', () => {
    const r = spawnSync(process.execPath, ['scripts/gallery/build-index.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('up to date');
    expect(r.status).toBe(0);
    expect(index.map((e) => e.file).sort()).toEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort());
  });

  it('has the large scenario exactly as its generator writes it', () => {
    const tmp = path.join(os.tmpdir(), `schedlab-gallery-${process.pid}.yaml`);
    const r = spawnSync(process.execPath, ['scripts/gallery/gen-percentage-of-nodes-to-score.mjs', tmp], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(tmp, 'utf8')).toBe(fs.readFileSync(path.join(dir, 'percentage-of-nodes-to-score.yaml'), 'utf8'));
    fs.rmSync(tmp, { force: true });
  });
});

function describeExpectation(x: GalleryExpectation): string {
  return JSON.stringify(x).slice(0, 120);
}

describe.each(index.map((e) => [e.name, e] as const))('gallery: %s', (name, entry) => {
  const text = fs.readFileSync(path.join(dir, entry.file), 'utf8');
  const meta = parseFrontMatter(text);

  it('has a complete teaching card', () => {
    expect(meta).not.toBeNull();
    for (const k of ['title', 'watch', 'question', 'answer'] as const) expect(meta![k].length, k).toBeGreaterThan(10);
    expect(meta!.concept.length).toBeGreaterThan(3);
    expect(meta!.plugins.length).toBeGreaterThan(0);
    expect(meta!.docs ?? '').toMatch(/^https:\/\/kubernetes\.io\/docs\//);
    expect(meta!.expect?.length ?? 0).toBeGreaterThan(0);
  });

  it('loads without errors and runs to its promised outcome', () => {
    const { scenario, diagnostics } = loadScenario([{ name: entry.file, text }]);
    expect(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    const podKeys = new Set(scenario.pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
    for (const c of scenario.changes) if (c.action === 'addPod') podKeys.add(c.target);
    if (meta?.focus) expect(podKeys, `focus pod ${meta.focus}`).toContain(meta.focus);

    const r = simulate(scenario, { trace: true });
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    expect(r.trace?.some((e) => e.type === 'clusterChange' && !e.ok) ?? false).toBe(false);
    const evicted = new Set((r.trace ?? []).filter((e) => e.type === 'eviction').map((e) => (e as { pod: string }).pod));
    const messages = (pod: string) => r.cycles.filter((c) => c.pod === pod && c.message).map((c) => c.message!);

    for (const x of meta?.expect ?? []) {
      const what = describeExpectation(x);
      const keys = x.pod ? [x.pod] : Object.keys(r.final).filter((k) => k.startsWith(x.pods ?? '\u0000'));
      expect(keys.length, `${what}: no such pod`).toBeGreaterThan(0);
      if (x.pods !== undefined) {
        if (x.running !== undefined) expect(keys.filter((k) => r.final[k].phase === 'Running').length, what).toBe(x.running);
        if (x.pending !== undefined) expect(keys.filter((k) => r.final[k].phase === 'Pending').length, what).toBe(x.pending);
      }
      for (const k of keys) {
        const f = r.final[k];
        expect(f, `${what}: ${k} has no final state`).toBeDefined();
        if (x.node !== undefined) expect(x.node === null ? (f.phase === 'Pending' ? null : f.node) : f.node, `${what}: ${k}`).toBe(x.node);
        if (x.nodeIn) expect(x.nodeIn, `${what}: ${k}`).toContain(f.node);
        if (x.notNode) {
          expect(f.phase, `${what}: ${k}`).toBe('Running');
          expect(f.node, `${what}: ${k}`).not.toBe(x.notNode);
        }
        if (x.evicted !== undefined) expect(evicted.has(k), `${what}: ${k} evicted`).toBe(x.evicted);
      }
      if (x.message) {
        const all = keys.flatMap(messages);
        expect(all.some((m) => m.includes(x.message!)), `${what}: messages were ${JSON.stringify(all)}`).toBe(true);
      }
    }
  });
});
