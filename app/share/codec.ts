// Shareable links: the whole view (scenario text, seed, selected pod, playback position) in the
// URL fragment, as JSON compressed with raw DEFLATE (fflate) and written in base64url.
//
//   https://host/#s1=<base64url(deflate(utf8(JSON.stringify(LinkPayload))))>
//
// Pure TS, no DOM: runs in the page, in a worker and under vitest.
//
// Decoding never trusts the link: the alphabet is checked, inflation streams with a hard cap on
// the output (a decompression bomb stops at the cap, not at the end of memory), the JSON is
// validated field by field, and every failure is a `LinkError` with a sentence a person can act on.

import { Inflate, deflateSync, strToU8 } from 'fflate';
import { LINK_DICTIONARY_S1 } from './dictionary';

/** The fragment key; the digit is the format version. */
export const LINK_PREFIX = 's1=';
/** Decompressed payloads larger than this are refused (a link is a few KB; 5 MB is generous). */
export const MAX_DECODED_BYTES = 5 * 1024 * 1024;
/** Fragments longer than this are refused before any decoding work. */
export const MAX_FRAGMENT_CHARS = 4 * 1024 * 1024;
/** Links up to this many characters travel well (chat, issues, browsers, proxies). */
export const COMFORTABLE_LINK_CHARS = 8000;

export interface LinkPayload {
  /** The scenario text (YAML or JSON) as it is in the editor (possibly scrubbed or slimmed). */
  yaml: string;
  /** The run's seed. */
  seed?: number;
  /** The selected pod, "namespace/name". */
  pod?: string;
  /** The playback position: index of the trace step the player shows. */
  cursor?: number;
  /** A title for the scenario (e.g. the gallery card or the saved scenario's name). */
  name?: string;
}

export type LinkErrorKind = 'damaged' | 'too-large' | 'unsupported' | 'invalid';

export class LinkError extends Error {
  constructor(
    readonly kind: LinkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LinkError';
  }
}

// ---- base64url ------------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  // Tolerate standard base64 too (a link pasted through a tool that "fixed" it).
  t['+'.charCodeAt(0)] = 62;
  t['/'.charCodeAt(0)] = 63;
  return t;
})();

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** Decodes base64url (padding optional); throws LinkError on a character outside the alphabet. */
export function fromBase64Url(text: string): Uint8Array {
  const s = text.replace(/=+$/, '');
  if (s.length % 4 === 1) throw new LinkError('damaged', 'This link is damaged: it looks cut short (its encoded data has an impossible length).');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c] : -1;
    if (v < 0) {
      throw new LinkError(
        'damaged',
        `This link is damaged: it contains a character (${JSON.stringify(s[i])}) that a schedlab link never has. Was it cut or edited?`,
      );
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

// ---- compression ----------------------------------------------------------------------------

export function deflateText(text: string, dictionary: Uint8Array | undefined = LINK_DICTIONARY_S1): Uint8Array {
  return deflateSync(strToU8(text), { level: 9, dictionary });
}

/**
 * Inflates raw DEFLATE data, streaming, and stops with a LinkError as soon as the output would
 * exceed `maxBytes`. Input is fed in small slices so that a bomb never gets to allocate much
 * more than the cap (DEFLATE expands at most ~1032:1, so 1 KB of input yields at most ~1 MB).
 */
export function inflateCapped(
  data: Uint8Array,
  maxBytes = MAX_DECODED_BYTES,
  dictionary: Uint8Array | undefined = LINK_DICTIONARY_S1,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inf = new Inflate({ dictionary }, (chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) {
      throw new LinkError(
        'too-large',
        `This link expands to more than ${formatBytes(maxBytes)}, so schedlab refuses to open it (a real scenario is far smaller; this may be a decompression bomb).`,
      );
    }
    chunks.push(chunk);
    if (final) ended = true;
  });
  const SLICE = 1024;
  try {
    if (data.length === 0) throw new Error('empty');
    for (let i = 0; i < data.length; i += SLICE) {
      const end = Math.min(i + SLICE, data.length);
      inf.push(data.subarray(i, end), end === data.length);
    }
  } catch (e) {
    if (e instanceof LinkError) throw e;
    throw new LinkError('damaged', 'This link is damaged or cut short: its compressed data does not decode. Ask for the link again, or for the scenario file.');
  }
  if (!ended) throw new LinkError('damaged', 'This link is cut short: its compressed data ends early. Ask for the link again, or for the scenario file.');
  return concat(chunks);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KB`;
  return `${n} bytes`;
}

// ---- payload --------------------------------------------------------------------------------

/** The fragment (without '#') that encodes `payload`. */
export function encodeLink(payload: LinkPayload): string {
  const clean: LinkPayload = { yaml: payload.yaml };
  if (payload.seed !== undefined) clean.seed = payload.seed;
  if (payload.pod) clean.pod = payload.pod;
  if (payload.cursor !== undefined) clean.cursor = payload.cursor;
  if (payload.name) clean.name = payload.name;
  return LINK_PREFIX + toBase64Url(deflateText(JSON.stringify(clean)));
}

/** True when a fragment (with or without '#') carries a schedlab link. */
export function isLinkFragment(fragment: string): boolean {
  return fragment.replace(/^#/, '').startsWith(LINK_PREFIX);
}

/**
 * Decodes a fragment made by `encodeLink`. Returns null when the fragment is not a schedlab link
 * at all (empty, or some other anchor); throws LinkError when it is one but cannot be opened.
 */
export function decodeLink(fragment: string): LinkPayload | null {
  const f = fragment.replace(/^#/, '');
  if (!f.startsWith(LINK_PREFIX)) {
    if (/^s\d+=/.test(f)) throw new LinkError('unsupported', 'This link was made by a newer version of schedlab, which this page cannot read.');
    return null;
  }
  let data = f.slice(LINK_PREFIX.length);
  if (data.length > MAX_FRAGMENT_CHARS) {
    throw new LinkError('too-large', `This link is ${data.length.toLocaleString('en-US')} characters long, more than schedlab accepts; ask for the scenario file instead.`);
  }
  // Some chat tools percent-encode or append punctuation; be lenient with trailing noise only.
  try {
    if (data.includes('%')) data = decodeURIComponent(data);
  } catch {
    throw new LinkError('damaged', 'This link is damaged: it has broken percent-escapes.');
  }
  data = data.trim();
  if (!data) throw new LinkError('damaged', 'This link is empty: it has the schedlab prefix but no scenario.');
  const bytes = inflateCapped(fromBase64Url(data));
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LinkError('damaged', 'This link is damaged: its content is not text.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new LinkError('damaged', 'This link is damaged: its content is not a schedlab scenario.');
  }
  return validatePayload(raw);
}

function validatePayload(raw: unknown): LinkPayload {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LinkError('invalid', 'This link does not hold a schedlab scenario.');
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.yaml !== 'string') throw new LinkError('invalid', 'This link does not hold a schedlab scenario (no scenario text).');
  const out: LinkPayload = { yaml: r.yaml };
  if (r.seed !== undefined) {
    if (typeof r.seed !== 'number' || !Number.isSafeInteger(r.seed)) throw new LinkError('invalid', 'This link has an invalid seed.');
    out.seed = r.seed;
  }
  if (r.pod !== undefined) {
    if (typeof r.pod !== 'string' || r.pod.length > 512) throw new LinkError('invalid', 'This link has an invalid selected pod.');
    out.pod = r.pod;
  }
  if (r.cursor !== undefined) {
    if (typeof r.cursor !== 'number' || !Number.isSafeInteger(r.cursor) || r.cursor < 0) {
      throw new LinkError('invalid', 'This link has an invalid playback position.');
    }
    out.cursor = r.cursor;
  }
  if (r.name !== undefined) {
    if (typeof r.name !== 'string' || r.name.length > 512) throw new LinkError('invalid', 'This link has an invalid scenario name.');
    out.name = r.name;
  }
  return out;
}

/** A full URL for `payload`, relative to `base` (a location href; its fragment is replaced). */
export function linkUrl(base: string, payload: LinkPayload): string {
  const i = base.indexOf('#');
  return `${i < 0 ? base : base.slice(0, i)}#${encodeLink(payload)}`;
}
