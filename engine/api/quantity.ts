// Kubernetes resource.Quantity (k8s.io/apimachinery/pkg/api/resource), as far as the scheduler
// reads it: parsing of the text forms and the rounded integer views MilliValue() and Value().
//
// A parsed quantity keeps its exact value in nano units (10^-9) as a BigInt. Upstream rounds any
// non-zero value to nano precision *away from zero* when parsing ("if you want some resources,
// you should get some resources"), so a value in nanos is exact for everything upstream keeps.
// MilliValue()/Value() also round away from zero (upstream's inf.RoundUp / negativeScaleInt64):
// for the non-negative amounts that matter (requests, allocatable) that is ceil.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity. When `error` is set the text was invalid and `nanos` is 0. */
export interface Quantity {
  /** Exact value in units of 10^-9. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
  /** The input as text. */
  readonly text: string;
  /** Why the input is not a valid quantity (upstream's error text). */
  readonly error?: string;
}

/** Upstream's ErrFormatWrong text. */
export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** Upstream's ErrNumeric text. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** Upstream's ErrSuffix text. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const MILLI_PER_NANO = 1_000_000n;
/** math.MaxInt64: upstream caps BinarySI amounts there. */
const MAX_INT64 = 9_223_372_036_854_775_807n;
/** Decimal exponents beyond this are refused (upstream would overflow int64 anyway). */
const MAX_ABS_EXPONENT = 400;

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

function invalid(text: string, error: string): Quantity {
  return { nanos: 0n, format: 'DecimalSI', text, error };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Divides rounding away from zero (upstream's RoundUp). */
function divAwayFromZero(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a ? q : a < 0n ? q - 1n : q + 1n;
}

/**
 * Parses a quantity as upstream's ParseQuantity does. A number (as YAML/JSON gives for
 * unquoted `cpu: 0.5`) is read from its decimal text, as upstream's UnmarshalJSON does.
 * Never throws: an invalid input gives a Quantity with `error` set.
 */
export function parseQuantity(input: string | number): Quantity {
  let str: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return invalid(String(input), ERR_FORMAT_WRONG);
    str = String(input);
  } else if (typeof input === 'string') {
    str = input;
  } else {
    return invalid(String(input), ERR_FORMAT_WRONG);
  }
  if (str.length === 0) return invalid(str, ERR_FORMAT_WRONG);
  if (str === '0') return { nanos: 0n, format: 'DecimalSI', text: str };

  // --- parseQuantityString ---
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  let num = '';
  let denom = '';
  let suffix = '';
  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  num = str.slice(numStart, pos);
  if (num.length === 0) num = '0';
  if (pos < end && str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
  }
  if (pos < end) {
    const suffixStart = pos;
    while (pos < end && SUFFIX_CHARS.includes(str[pos])) pos++;
    if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
    while (pos < end && isDigit(str[pos])) pos++;
    if (pos < end) return invalid(str, ERR_FORMAT_WRONG);
    suffix = str.slice(suffixStart, end);
  }

  // --- quantitySuffixer.interpret ---
  let base: 2 | 10;
  let exponent: number;
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIXES) {
    base = 2;
    exponent = BINARY_SUFFIXES[suffix];
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIXES) {
    base = 10;
    exponent = DECIMAL_SUFFIXES[suffix];
    format = 'DecimalSI';
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    base = 10;
    exponent = Number.parseInt(suffix.slice(1), 10);
    format = 'DecimalExponent';
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > MAX_ABS_EXPONENT) {
      return invalid(str, `quantity exponent out of range: ${suffix}`);
    }
  } else {
    return invalid(str, ERR_SUFFIX);
  }

  // Exact value = digits * 10^scale10 (* 2^exponent for binary suffixes).
  let digits = BigInt(num + denom);
  let scale10 = -denom.length;
  if (base === 10) scale10 += exponent;
  else digits <<= BigInt(exponent);

  // Round to nano precision, away from zero.
  let nanos = scale10 + 9 >= 0 ? digits * pow10(scale10 + 9) : divAwayFromZero(digits, pow10(-(scale10 + 9)));

  if (format === 'BinarySI') {
    if (nanos > MAX_INT64 * NANO) nanos = MAX_INT64 * NANO;
    if (nanos > 0n && nanos < NANO) format = 'DecimalSI';
  }
  if (!positive) nanos = -nanos;
  return { nanos, format, text: str };
}

/** A quantity from an integer number of base units. */
export function quantityFromValue(v: number): Quantity {
  return { nanos: BigInt(Math.trunc(v)) * NANO, format: 'DecimalSI', text: String(v) };
}

/** A quantity from an integer number of milli units. */
export function quantityFromMilli(m: number): Quantity {
  return { nanos: BigInt(Math.trunc(m)) * MILLI_PER_NANO, format: 'DecimalSI', text: `${m}m` };
}

export const isValidQuantity = (q: Quantity): boolean => q.error === undefined;

/** upstream Quantity.MilliValue(): value * 1000, rounded away from zero. */
export function milliValue(q: Quantity): number {
  return Number(divAwayFromZero(q.nanos, MILLI_PER_NANO));
}

/** upstream Quantity.Value(): the value rounded away from zero to an integer. */
export function value(q: Quantity): number {
  return Number(divAwayFromZero(q.nanos, NANO));
}

/** Nanos rounded away from zero to milli units, as a bigint. */
export const nanosToMilli = (nanos: bigint): bigint => divAwayFromZero(nanos, MILLI_PER_NANO);
/** Nanos rounded away from zero to base units, as a bigint. */
export const nanosToValue = (nanos: bigint): bigint => divAwayFromZero(nanos, NANO);

/** The value as a floating-point number of base units (upstream AsApproximateFloat64). */
export function quantityToNumber(q: Quantity): number {
  const whole = q.nanos / NANO;
  const frac = q.nanos - whole * NANO;
  return Number(whole) + Number(frac) / 1e9;
}

/** Compares two quantities: -1, 0 or 1 (upstream Quantity.Cmp). */
export function compareQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Parses and returns MilliValue(), or null when invalid. */
export function parseMilli(input: string | number): number | null {
  const q = parseQuantity(input);
  return q.error === undefined ? milliValue(q) : null;
}

/** Parses and returns Value(), or null when invalid. */
export function parseValue(input: string | number): number | null {
  const q = parseQuantity(input);
  return q.error === undefined ? value(q) : null;
}

/**
 * A short human form of an amount for display: cpu in cores/millicores, bytes in binary units
 * when exact ("1.5Gi" is shown as "1536Mi"). Not upstream's canonical String().
 */
export function formatAmount(resource: string, amount: number): string {
  if (resource === 'cpu') return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  if (amount === 0) return '0';
  const units = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'];
  for (let i = 0; i < units.length; i++) {
    const size = 2 ** (10 * (units.length - i));
    if (amount >= size && amount % size === 0) return `${amount / size}${units[i]}`;
  }
  return String(amount);
}
