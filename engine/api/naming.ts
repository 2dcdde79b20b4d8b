// Deterministic stand-ins for the random parts of object creation: uids, generateName suffixes,
// pod-template hashes. Everything is derived from stable strings (names, seeds), so loading the
// same text twice gives the same objects.

/** upstream's alphabet for random name suffixes (k8s.io/apimachinery/pkg/util/rand). */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
/** upstream names.SimpleNameGenerator: base truncated to 58 characters, then 5 random characters. */
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;
const MAX_GENERATED_BASE = MAX_NAME_LENGTH - RANDOM_LENGTH;

/** FNV-1a 32-bit hash of a string (UTF-16 code units, low byte then high byte). */
export function fnv32a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h ^= c & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
    if (c > 0xff) {
      h ^= c >>> 8;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

/** A small seeded PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** upstream rand.SafeEncodeString: maps each character to the safe alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

/** A deterministic random string of `n` characters from the safe alphabet. */
export function randomString(seedText: string, n = RANDOM_LENGTH): string {
  const rnd = mulberry32(fnv32a(seedText));
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHANUMS[Math.floor(rnd() * ALPHANUMS.length)];
  return out;
}

/** upstream SimpleNameGenerator.GenerateName with a deterministic suffix. */
export function generateName(base: string, seedText: string): string {
  const b = base.length > MAX_GENERATED_BASE ? base.slice(0, MAX_GENERATED_BASE) : base;
  return b + randomString(`${seedText}\u0000${base}`);
}

/** A deterministic UUID-shaped uid for an object key such as "Pod/default/web-0". */
export function deterministicUID(key: string): string {
  const h = [fnv32a(key, 0x811c9dc5), fnv32a(key, 0x01234567), fnv32a(key, 0x89abcdef), fnv32a(key, 0x5bd1e995)];
  const hex = h.map((x) => x.toString(16).padStart(8, '0')).join('');
  // version 4 / variant bits, so it looks like what the apiserver hands out
  const v = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 32)}`;
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}

/** JSON with object keys sorted, for hashing. */
export function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * The pod-template-hash / controller-revision-hash of a pod template: upstream takes FNV-32a of
 * a dump of the template and SafeEncodeString of its decimal value. We hash canonical JSON, so
 * the shape matches upstream ("5d8f7c9b6" style) but not the exact value.
 */
export function templateHash(template: unknown, collisionCount = 0): string {
  let h = fnv32a(canonicalJSON(template));
  if (collisionCount) h = fnv32a(String(collisionCount), h);
  return safeEncodeString(String(h >>> 0));
}
