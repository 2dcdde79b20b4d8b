import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import {
  COMFORTABLE_LINK_CHARS,
  LINK_PREFIX,
  LinkError,
  MAX_DECODED_BYTES,
  decodeLink,
  encodeLink,
  fromBase64Url,
  inflateCapped,
  linkUrl,
  toBase64Url,
} from './codec';
import { generateScenario } from './fixtures';
import { scrubSecrets } from './scrub';

function expectLinkError(f: () => unknown, kind: LinkError['kind']): LinkError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LinkError);
    expect((e as LinkError).kind).toBe(kind);
    expect((e as LinkError).message.length).toBeGreaterThan(20);
    return e as LinkError;
  }
  throw new Error('expected a LinkError');
}

describe('base64url', () => {
  it('round-trips every length and byte value', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
      const s = toBase64Url(bytes);
      expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Array.from(fromBase64Url(s))).toEqual(Array.from(bytes));
    }
  });
  it('rejects characters outside the alphabet', () => {
    expectLinkError(() => fromBase64Url('abc<def'), 'damaged');
    expectLinkError(() => fromBase64Url('abcd\u00e9'), 'damaged');
  });
});

describe('links', () => {
  const yaml = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: nöde-1 # ünïcode ✓\n';

  it('round-trips text, seed, selected pod, playback position and name', () => {
    const payload = { yaml, seed: 42, pod: 'default/web-7', cursor: 123, name: 'Taints' };
    const frag = encodeLink(payload);
    expect(frag.startsWith(LINK_PREFIX)).toBe(true);
    expect(decodeLink(frag)).toEqual(payload);
    expect(decodeLink(`#${frag}`)).toEqual(payload);
    expect(decodeLink(encodeLink({ yaml: '' }))).toEqual({ yaml: '' });
  });

  it('builds a URL that replaces an existing fragment', () => {
    const url = linkUrl('https://x.test/lab/?a=1#old', { yaml });
    expect(url.startsWith('https://x.test/lab/?a=1#s1=')).toBe(true);
    expect(decodeLink(new URL(url).hash)).toEqual({ yaml });
  });

  it('ignores fragments that are not schedlab links', () => {
    expect(decodeLink('')).toBeNull();
    expect(decodeLink('#')).toBeNull();
    expect(decodeLink('#section-2')).toBeNull();
    expectLinkError(() => decodeLink('#s9=abc'), 'unsupported');
  });

  it('keeps a 30-node, 100-pod scenario under 8,000 characters', () => {
    const text = generateScenario(30, 100);
    expect(text.length).toBeGreaterThan(40_000); // realistic, not minimal
    const full = `https://schedlab.example/#${encodeLink({ yaml: text, seed: 1, pod: 'shop/web-x', cursor: 500 })}`;
    const scrubbed = `https://schedlab.example/#${encodeLink({ yaml: scrubSecrets(text).text, seed: 1 })}`;
    // Printed so that the measurement is visible in the test log.
    console.log(`30 nodes / 100 pods: YAML ${text.length} chars -> link ${full.length} chars (scrubbed ${scrubbed.length})`);
    expect(full.length).toBeLessThan(COMFORTABLE_LINK_CHARS);
    expect(scrubbed.length).toBeLessThan(COMFORTABLE_LINK_CHARS);
  });
});

describe('damaged and hostile links', () => {
  const good = encodeLink({ yaml: generateScenario(5, 10), seed: 3 });

  it('reports a truncated link as cut short', () => {
    for (const keep of [0.25, 0.5, 0.9, 0.99]) {
      const cut = good.slice(0, Math.floor(good.length * keep));
      const e = expectLinkError(() => decodeLink(cut), 'damaged');
      expect(e.message).toMatch(/damaged|cut short/);
    }
  });

  it('reports random bytes as damaged', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let t = 0; t < 50; t++) {
      const bytes = new Uint8Array(20 + Math.floor(rnd() * 500)).map(() => Math.floor(rnd() * 256));
      let result: unknown;
      try {
        result = decodeLink(LINK_PREFIX + toBase64Url(bytes));
      } catch (e) {
        expect(e).toBeInstanceOf(LinkError);
        continue;
      }
      // Astronomically unlikely, but if random bytes happen to decode, they decoded validly.
      expect(result).toHaveProperty('yaml');
    }
  });

  it('reports garbage characters as damaged', () => {
    expectLinkError(() => decodeLink('#s1=<script>alert(1)</script>'), 'damaged');
    expectLinkError(() => decodeLink('#s1='), 'damaged');
    expectLinkError(() => decodeLink('#s1=%E0%A4%A'), 'damaged');
  });

  it('refuses a decompression bomb at the cap, quickly and without inflating it all', () => {
    const zeros = new Uint8Array(64 * 1024 * 1024); // 64 MB of zeros -> ~64 KB deflated
    const bomb = deflateSync(zeros, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const t0 = performance.now();
    const e = expectLinkError(() => decodeLink(LINK_PREFIX + toBase64Url(bomb)), 'too-large');
    expect(e.message).toMatch(/5 MB/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('accepts payloads up to the cap', () => {
    const data = deflateSync(new Uint8Array(MAX_DECODED_BYTES).fill(32));
    expect(inflateCapped(data, MAX_DECODED_BYTES, undefined).length).toBe(MAX_DECODED_BYTES);
    expectLinkError(() => inflateCapped(data, MAX_DECODED_BYTES - 1, undefined), 'too-large');
  });

  it('rejects well-formed data that is not a scenario', () => {
    const enc = (v: unknown) => LINK_PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(v))));
    expectLinkError(() => decodeLink(enc([1, 2])), 'invalid');
    expectLinkError(() => decodeLink(enc({ yaml: 5 })), 'invalid');
    expectLinkError(() => decodeLink(enc({ yaml: '', seed: 'x' })), 'invalid');
    expectLinkError(() => decodeLink(enc({ yaml: '', cursor: -1 })), 'invalid');
    expectLinkError(() => decodeLink(enc({ yaml: '', pod: { toString: 1 } })), 'invalid');
    expectLinkError(() => decodeLink(LINK_PREFIX + toBase64Url(deflateSync(strToU8('not json')))), 'damaged');
    expectLinkError(() => decodeLink(LINK_PREFIX + toBase64Url(deflateSync(new Uint8Array([0xff, 0xfe, 0x00])))), 'damaged');
  });

  it('carries HTML in labels as plain text (rendering escapes it)', () => {
    const yaml = 'kind: Node\nmetadata:\n  name: n\n  labels:\n    x: "<img src=x onerror=alert(1)>"\n';
    expect(decodeLink(encodeLink({ yaml }))?.yaml).toBe(yaml);
  });
});
