// Label selectors and node selector terms, compiled to closures once and evaluated cheaply.
//
// - compileLabelSelector: metav1.LabelSelectorAsSelector (nil -> nothing, {} -> everything).
// - selectorFromSet: labels.SelectorFromSet (nil or empty set -> everything). NOTE for plugin
//   authors: upstream's GetPodServices skips a Service whose spec.selector is nil ("services
//   with nil selectors match nothing, not everything") but an empty non-nil map reaches
//   SelectorFromSet and matches every pod; ReplicationController selectors behave the same in
//   the default-spread helpers. Check `selector == null` yourself before calling this.
// - matchNodeSelectorTerms / matchNodeSelectorTerm: component-helpers nodeaffinity
//   (LazyErrorNodeSelector): terms ORed, requirements ANDed, an empty term matches nothing,
//   a term with a parse error matches nothing.

import type { Node, NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { LabelSelectorFn } from '../framework/types';
import { isQualifiedName, isValidLabelValue, parseGoInt64 } from './names';

export type Labels = Record<string, string> | undefined | null;

/** A compiled selector; `error` is set when the selector could not be parsed (it then matches nothing). */
export type CompiledSelector = LabelSelectorFn & { readonly error?: string };

type Req = (labels: Record<string, string>) => boolean;

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;
const has = (labels: Record<string, string>, key: string): boolean => Object.hasOwn(labels, key);

function makeFn(fn: (l: Record<string, string>) => boolean, extra: object): CompiledSelector {
  const f = ((labels: Labels) => fn(labels ?? EMPTY)) as CompiledSelector;
  return Object.assign(f, extra);
}

/** Matches nothing (labels.Nothing()). */
export const NOTHING: CompiledSelector = makeFn(() => false, { matchesNothing: true });
/** Matches everything (labels.Everything()). */
export const EVERYTHING: CompiledSelector = makeFn(() => true, { matchesAll: true });

function failed(error: string): CompiledSelector {
  return makeFn(() => false, { matchesNothing: true, error });
}

function inReq(key: string, values: readonly string[]): Req {
  if (values.length === 1) {
    const v = values[0];
    return (l) => has(l, key) && l[key] === v;
  }
  const set = new Set(values);
  return (l) => has(l, key) && set.has(l[key]);
}

function notInReq(key: string, values: readonly string[]): Req {
  if (values.length === 1) {
    const v = values[0];
    return (l) => !has(l, key) || l[key] !== v;
  }
  const set = new Set(values);
  return (l) => !has(l, key) || !set.has(l[key]);
}

function existsReq(key: string): Req {
  return (l) => has(l, key);
}

function notExistsReq(key: string): Req {
  return (l) => !has(l, key);
}

function cmpReq(key: string, bound: bigint, gt: boolean): Req {
  return (l) => {
    if (!has(l, key)) return false;
    const v = parseGoInt64(l[key]);
    if (v === null) return false;
    return gt ? v > bound : v < bound;
  };
}

function andReqs(reqs: Req[]): (l: Record<string, string>) => boolean {
  if (reqs.length === 1) return reqs[0];
  return (l) => {
    for (let i = 0; i < reqs.length; i++) if (!reqs[i](l)) return false;
    return true;
  };
}

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | 'Equals';

/**
 * labels.NewRequirement: validates the key, the values for the operator and each value as a
 * label value; returns the requirement or the problems (with a field path prefix).
 */
function newRequirement(key: string, op: Op, values: readonly string[], path: string): { req?: Req; errors: string[] } {
  const errors: string[] = [];
  const keyErrs = isQualifiedName(typeof key === 'string' ? key : '');
  if (keyErrs.length) errors.push(`${path}key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  const vpath = `${path}values`;
  let bound: bigint | null = null;
  switch (op) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errors.push(`${vpath}: Invalid value: []: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case 'Equals':
      if (values.length !== 1) errors.push(`${vpath}: Invalid value: exact-match compatibility requires one single value`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) errors.push(`${vpath}: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errors.push(`${vpath}: Invalid value: ${JSON.stringify(values)}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        const n = parseGoInt64(v);
        if (n === null) errors.push(`${vpath}[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        else bound = n;
      });
      break;
  }
  values.forEach((v, i) => {
    const errs = isValidLabelValue(typeof v === 'string' ? v : String(v));
    if (errs.length) errors.push(`${vpath}[${i}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
  });
  if (errors.length) return { errors };
  switch (op) {
    case 'In':
    case 'Equals':
      return { req: inReq(key, values), errors };
    case 'NotIn':
      return { req: notInReq(key, values), errors };
    case 'Exists':
      return { req: existsReq(key), errors };
    case 'DoesNotExist':
      return { req: notExistsReq(key), errors };
    case 'Gt':
      return { req: cmpReq(key, bound as unknown as bigint, true), errors };
    case 'Lt':
      return { req: cmpReq(key, bound as unknown as bigint, false), errors };
  }
}

const LABEL_SELECTOR_OPS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Compiles a metav1.LabelSelector like LabelSelectorAsSelector. Never throws. */
export function compileLabelSelector(sel: LabelSelector | null | undefined): CompiledSelector {
  if (sel == null) return NOTHING;
  const ml = sel.matchLabels ?? {};
  const me = sel.matchExpressions ?? [];
  const mlKeys = Object.keys(ml);
  if (mlKeys.length + me.length === 0) return EVERYTHING;
  const reqs: Req[] = [];
  const errors: string[] = [];
  for (const k of mlKeys) {
    const r = newRequirement(k, 'Equals', [String(ml[k])], '');
    if (r.req) reqs.push(r.req);
    else errors.push(...r.errors);
  }
  for (const expr of me) {
    const op = expr?.operator;
    if (!LABEL_SELECTOR_OPS.has(op)) {
      errors.push(`${JSON.stringify(op ?? '')} is not a valid label selector operator`);
      continue;
    }
    const r = newRequirement(expr.key, op as Op, expr.values ?? [], '');
    if (r.req) reqs.push(r.req);
    else errors.push(...r.errors);
  }
  if (errors.length) return failed(errors.join('; '));
  return makeFn(andReqs(reqs), { indexHint: selectorIndexHint(ml, mlKeys, me) });
}

/**
 * A requirement every matching label set meets, for indexes: the first matchLabels pair, else
 * the first `In` expression (the label must have one of its values). Undefined when there is none.
 */
function selectorIndexHint(
  ml: Record<string, string>,
  mlKeys: string[],
  me: readonly { key: string; operator: string; values?: string[] }[],
): { key: string; values: readonly string[] } | undefined {
  if (mlKeys.length > 0) return { key: mlKeys[0], values: [String(ml[mlKeys[0]])] };
  for (const expr of me) {
    if (expr.operator === 'In' && expr.values && expr.values.length > 0) return { key: expr.key, values: expr.values.slice() };
  }
  return undefined;
}

/** labels.SelectorFromSet: every key must equal its value; nil or empty set matches everything. */
export function selectorFromSet(set: Record<string, string> | null | undefined): CompiledSelector {
  if (set == null) return EVERYTHING;
  const keys = Object.keys(set);
  if (keys.length === 0) return EVERYTHING;
  const values = keys.map((k) => String(set[k]));
  return makeFn(
    (l) => {
      for (let i = 0; i < keys.length; i++) {
        if (!has(l, keys[i]) || l[keys[i]] !== values[i]) return false;
      }
      return true;
    },
    { indexHint: { key: keys[0], values: [values[0]] } },
  );
}

// ---- Node selector terms ---------------------------------------------------------------------

export interface CompiledNodeSelectorTerm {
  /** True when the term has neither matchExpressions nor matchFields (it matches nothing). */
  readonly empty: boolean;
  /** Parse problems; a term with problems matches nothing. */
  readonly errors: string[];
  match(node: Node): boolean;
}

const NODE_SELECTOR_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function fieldValue(node: Node, key: string): string {
  return key === 'metadata.name' ? (node.metadata?.name ?? '') : '';
}

/** Compiles one NodeSelectorTerm (nodeaffinity.newNodeSelectorTerm). `path` prefixes error texts. */
export function compileNodeSelectorTerm(term: NodeSelectorTerm | null | undefined, path = ''): CompiledNodeSelectorTerm {
  const exprs: NodeSelectorRequirement[] = term?.matchExpressions ?? [];
  const fields: NodeSelectorRequirement[] = term?.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) {
    return { empty: true, errors: [], match: () => false };
  }
  const errors: string[] = [];
  const labelReqs: Req[] = [];
  exprs.forEach((expr, i) => {
    const p = `${path}matchExpressions[${i}].`;
    const op = expr?.operator;
    if (!NODE_SELECTOR_OPS.includes(op)) {
      errors.push(
        `${p}operator: Unsupported value: ${JSON.stringify(op ?? '')}: supported values: ${NODE_SELECTOR_OPS.map((o) => `"${o}"`).join(', ')}`,
      );
      return;
    }
    const r = newRequirement(expr.key, op as Op, expr.values ?? [], p);
    if (r.req) labelReqs.push(r.req);
    else errors.push(...r.errors);
  });
  const fieldReqs: ((node: Node) => boolean)[] = [];
  fields.forEach((expr, i) => {
    const p = `${path}matchFields[${i}].`;
    const values = expr?.values ?? [];
    if (expr?.operator === 'In' || expr?.operator === 'NotIn') {
      if (values.length !== 1) {
        errors.push(`${p}values: Invalid value: ${JSON.stringify(values)}: must have one element`);
        return;
      }
      const key = expr.key;
      const v = values[0];
      fieldReqs.push(expr.operator === 'In' ? (n) => fieldValue(n, key) === v : (n) => fieldValue(n, key) !== v);
    } else {
      errors.push(`${p}operator: Unsupported value: ${JSON.stringify(expr?.operator ?? '')}: supported values: "In", "NotIn"`);
    }
  });
  if (errors.length) return { empty: false, errors, match: () => false };
  const labelsMatch = labelReqs.length ? andReqs(labelReqs) : null;
  return {
    empty: false,
    errors,
    match(node: Node): boolean {
      if (labelsMatch && !labelsMatch(node.metadata?.labels ?? EMPTY)) return false;
      if (fieldReqs.length && node.metadata?.name) {
        for (let i = 0; i < fieldReqs.length; i++) if (!fieldReqs[i](node)) return false;
      }
      return true;
    },
  };
}

export interface CompiledNodeSelector {
  /** Non-empty terms, in order. */
  readonly terms: CompiledNodeSelectorTerm[];
  /** Parse problems of all terms. */
  readonly errors: string[];
  /** Terms ORed; empty and broken terms match nothing. */
  match(node: Node): boolean;
}

/** Compiles NodeSelector.nodeSelectorTerms (LazyErrorNodeSelector). */
export function compileNodeSelector(terms: NodeSelectorTerm[] | null | undefined, path = 'nodeSelectorTerms'): CompiledNodeSelector {
  const compiled: CompiledNodeSelectorTerm[] = [];
  const errors: string[] = [];
  (terms ?? []).forEach((t, i) => {
    const c = compileNodeSelectorTerm(t, `${path}[${i}].`);
    if (c.empty) return;
    compiled.push(c);
    errors.push(...c.errors);
  });
  return {
    terms: compiled,
    errors,
    match(node: Node): boolean {
      for (let i = 0; i < compiled.length; i++) if (compiled[i].match(node)) return true;
      return false;
    },
  };
}

const selectorCache = new WeakMap<object, CompiledNodeSelector>();
const termCache = new WeakMap<object, CompiledNodeSelectorTerm>();

/** Whether the node matches any of the terms (cached per terms array). */
export function matchNodeSelectorTerms(node: Node, terms: NodeSelectorTerm[] | null | undefined): boolean {
  if (!terms || terms.length === 0) return false;
  let c = selectorCache.get(terms);
  if (!c) {
    c = compileNodeSelector(terms);
    selectorCache.set(terms, c);
  }
  return c.match(node);
}

/** Whether the node matches one term (cached per term object). An empty term matches nothing. */
export function matchNodeSelectorTerm(node: Node, term: NodeSelectorTerm | null | undefined): boolean {
  if (!term) return false;
  let c = termCache.get(term);
  if (!c) {
    c = compileNodeSelectorTerm(term);
    termCache.set(term, c);
  }
  return c.match(node);
}
