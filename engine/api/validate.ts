// A small schema checker for the fields the scheduler reads. Types are checked the way the
// apiserver's JSON decoding would (a number where a string is expected is an error, YAML null is
// "absent"), plus the value checks of upstream validation for those fields. Unknown fields are
// ignored. Null-valued fields are removed from objects so later stages see them as absent.

import { joinPath, type ObjectRef, type Reporter } from './diagnostics';
import { parseQuantity } from './quantity';

export type Check = (v: string) => string[];
export type Post = (obj: Record<string, unknown>, ctx: CheckCtx, path: string) => void;

export type Schema =
  | { k: 'string'; enum?: readonly string[]; check?: Check }
  | { k: 'int'; min?: number; max?: number; minMessage?: string }
  | { k: 'number' }
  | { k: 'bool' }
  | { k: 'quantity'; nonNegative?: boolean }
  | { k: 'intOrString' }
  | { k: 'time' }
  | { k: 'map'; values: Schema; keyCheck?: Check; keyName?: string }
  | { k: 'list'; items: Schema }
  | {
      k: 'object';
      name: string;
      fields: Record<string, Schema>;
      required?: readonly string[];
      post?: Post;
      /** Extra text when a list is given instead of this object. */
      listHint?: string;
    }
  | { k: 'any' };

export interface CheckCtx {
  rep: Reporter;
  ref: ObjectRef;
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'object':
      return 'an object';
    case 'string':
      return `the string ${JSON.stringify(v)}`;
    case 'number':
      return `the number ${v}`;
    case 'boolean':
      return `the boolean ${v}`;
    default:
      return typeof v;
  }
}

const expected = (s: Schema): string => {
  switch (s.k) {
    case 'string':
      return 'a string';
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a boolean (true or false)';
    case 'quantity':
      return 'a quantity (e.g. "100m", "1Gi", 2)';
    case 'intOrString':
      return 'an integer or a string';
    case 'time':
      return 'a timestamp string (RFC 3339)';
    case 'map':
      return 'a map';
    case 'list':
      return 'a list';
    case 'object':
      return `an object (${s.name})`;
    case 'any':
      return 'anything';
  }
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(ctx: CheckCtx, path: string, parent: unknown, key: string | number | undefined, msg: string): false {
  ctx.rep.error(ctx.ref, path, `${path}: ${msg}`, parent, key);
  return false;
}

/**
 * Checks `parent[key]` against the schema; reports problems. Returns false when the value has
 * the wrong type (so callers may skip deeper semantic checks).
 */
export function checkValue(ctx: CheckCtx, value: unknown, s: Schema, path: string, parent: unknown, key: string | number | undefined): boolean {
  if (value === null || value === undefined) return true;
  // (no closures in here: this runs for every field of every object of big inputs)
  const { rep, ref } = ctx;
  switch (s.k) {
    case 'any':
      return true;
    case 'string': {
      if (typeof value !== 'string') return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      if (s.enum && !s.enum.includes(value)) {
        return fail(ctx, path, parent, key, `Unsupported value: ${JSON.stringify(value)}: supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
      }
      if (s.check) {
        const errs = s.check(value);
        if (errs.length) return fail(ctx, path, parent, key, `Invalid value: ${JSON.stringify(value)}: ${errs.join('; ')}`);
      }
      return true;
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      if (s.min !== undefined && value < s.min) return fail(ctx, path, parent, key, `Invalid value: ${value}: ${s.minMessage ?? `must be greater than or equal to ${s.min}`}`);
      if (s.max !== undefined && value > s.max) return fail(ctx, path, parent, key, `Invalid value: ${value}: must be less than or equal to ${s.max}`);
      return true;
    }
    case 'number':
      if (typeof value !== 'number') return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      return true;
    case 'bool':
      if (typeof value !== 'boolean') return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      return true;
    case 'time':
      if (typeof value !== 'string') return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      if (Number.isNaN(Date.parse(value))) return fail(ctx, path, parent, key, `Invalid value: ${JSON.stringify(value)}: not an RFC 3339 timestamp`);
      return true;
    case 'intOrString':
      if (typeof value === 'string') return true;
      if (typeof value === 'number' && Number.isInteger(value)) return true;
      return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
    case 'quantity': {
      if (typeof value !== 'string' && typeof value !== 'number') return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      const q = parseQuantity(value);
      if (q.error !== undefined) return fail(ctx, path, parent, key, `Invalid value: ${JSON.stringify(value)}: ${q.error}`);
      if (s.nonNegative && q.nanos < 0n) return fail(ctx, path, parent, key, `Invalid value: ${JSON.stringify(value)}: must be greater than or equal to 0`);
      return true;
    }
    case 'map': {
      if (!isPlainObject(value)) return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      let ok = true;
      for (const k of Object.keys(value)) {
        const p = joinPath(path, k);
        if (s.keyCheck) {
          const errs = s.keyCheck(k);
          if (errs.length) {
            rep.error(ref, p, `${p}: Invalid ${s.keyName ?? 'key'}: ${JSON.stringify(k)}: ${errs.join('; ')}`, value, k, true);
            ok = false;
          }
        }
        const v = value[k];
        if (v === null) {
          delete value[k];
          continue;
        }
        if (!checkValue(ctx, v, s.values, p, value, k)) ok = false;
      }
      return ok;
    }
    case 'list': {
      if (!Array.isArray(value)) return fail(ctx, path, parent, key, `expected ${expected(s)}, got ${describe(value)}`);
      let ok = true;
      for (let i = 0; i < value.length; i++) {
        if (!checkValue(ctx, value[i], s.items, `${path}[${i}]`, value, i)) ok = false;
      }
      return ok;
    }
    case 'object': {
      if (!isPlainObject(value)) {
        let msg = `expected ${expected(s)}, got ${describe(value)}`;
        if (Array.isArray(value) && s.listHint) msg += `; ${s.listHint}`;
        return fail(ctx, path, parent, key, msg);
      }
      let ok = true;
      for (const k of Object.keys(value)) {
        const fs = s.fields[k];
        if (!fs) continue;
        const v = value[k];
        if (v === null) {
          delete value[k];
          continue;
        }
        if (!checkValue(ctx, v, fs, joinPath(path, k), value, k)) ok = false;
      }
      for (const r of s.required ?? []) {
        const v = value[r];
        if (v === undefined || v === null || v === '') {
          const p = joinPath(path, r);
          rep.error(ref, p, `${p}: Required value`, parent, key);
          ok = false;
        }
      }
      if (ok && s.post) {
        const before = rep.errors;
        s.post(value, ctx, path);
        if (rep.errors > before) ok = false;
      }
      return ok;
    }
  }
}
