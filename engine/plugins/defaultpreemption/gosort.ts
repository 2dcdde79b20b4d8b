// Go's sort.Slice (pattern-defeating quicksort, Go >= 1.19, as kube-scheduler v1.35 is built),
// reimplemented so that preemption orders victims exactly like upstream, including with a
// comparator that is not a strict weak order: upstream's MoreImportantPod reads time.Now() for
// pods without status.startTime, so two such pods of equal priority compare "less" both ways.
// An unstable sort with such a comparator is only reproducible by running the same algorithm.

/** less(a, b): a must sort before b. */
export type Less<T> = (a: T, b: T) => boolean;

/** sort.Slice(x, less): in place, not stable, Go's exact sequence of comparisons and swaps. */
export function goSortSlice<T>(data: T[], less: Less<T>): void {
  const n = data.length;
  if (n < 2) return;
  pdqsort(data, less, 0, n, bitsLen(n));
}

/**
 * Shifts of package sort's xorshift: (13, 7, 17) in the Go releases Kubernetes v1.35 is built with
 * (checked against Go >= 1.22 sources); Go 1.19 used (13, 17, 5). With the Go 1.19 shifts this port
 * was checked to give sort.Slice's exact permutation on 4000 random victim lists (go1.19.8).
 */
let XS: [bigint, bigint, bigint] = [13n, 7n, 17n];

/** Test hook: run with another Go version's xorshift shifts (to compare against a local Go toolchain). */
export function setGoSortXorshiftForTest(shifts: [number, number, number] | null): void {
  XS = shifts ? [BigInt(shifts[0]), BigInt(shifts[1]), BigInt(shifts[2])] : [13n, 7n, 17n];
}

function bitsLen(x: number): number {
  return x === 0 ? 0 : 32 - Math.clz32(x);
}

function swap<T>(d: T[], i: number, j: number): void {
  const t = d[i];
  d[i] = d[j];
  d[j] = t;
}

const enum Hint {
  Unknown = 0,
  Increasing = 1,
  Decreasing = 2,
}

function insertionSort<T>(d: T[], less: Less<T>, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(d[j], d[j - 1]); j--) swap(d, j, j - 1);
  }
}

function siftDown<T>(d: T[], less: Less<T>, lo: number, hi: number, first: number): void {
  let root = lo;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= hi) break;
    if (child + 1 < hi && less(d[first + child], d[first + child + 1])) child++;
    if (!less(d[first + root], d[first + child])) return;
    swap(d, first + root, first + child);
    root = child;
  }
}

function heapSort<T>(d: T[], less: Less<T>, a: number, b: number): void {
  const first = a;
  const lo = 0;
  const hi = b - a;
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(d, less, i, hi, first);
  for (let i = hi - 1; i >= 0; i--) {
    swap(d, first, first + i);
    siftDown(d, less, lo, i, first);
  }
}

function pdqsort<T>(d: T[], less: Less<T>, a: number, b: number, limit: number): void {
  const maxInsertion = 12;
  let wasBalanced = true;
  let wasPartitioned = true;
  for (;;) {
    const length = b - a;
    if (length <= maxInsertion) {
      insertionSort(d, less, a, b);
      return;
    }
    if (limit === 0) {
      heapSort(d, less, a, b);
      return;
    }
    if (!wasBalanced) {
      breakPatterns(d, a, b);
      limit--;
    }
    let [pivot, hint] = choosePivot(d, less, a, b);
    if (hint === Hint.Decreasing) {
      reverseRange(d, a, b);
      pivot = b - 1 - (pivot - a);
      hint = Hint.Increasing;
    }
    if (wasBalanced && wasPartitioned && hint === Hint.Increasing) {
      if (partialInsertionSort(d, less, a, b)) return;
    }
    if (a > 0 && !less(d[a - 1], d[pivot])) {
      a = partitionEqual(d, less, a, b, pivot);
      continue;
    }
    const [mid, alreadyPartitioned] = partition(d, less, a, b, pivot);
    wasPartitioned = alreadyPartitioned;
    const leftLen = mid - a;
    const rightLen = b - mid;
    const balanceThreshold = Math.trunc(length / 8);
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold;
      pdqsort(d, less, a, mid, limit);
      a = mid + 1;
    } else {
      wasBalanced = rightLen >= balanceThreshold;
      pdqsort(d, less, mid + 1, b, limit);
      b = mid;
    }
  }
}

function partition<T>(d: T[], less: Less<T>, a: number, b: number, pivot: number): [number, boolean] {
  swap(d, a, pivot);
  let i = a + 1;
  let j = b - 1;
  while (i <= j && less(d[i], d[a])) i++;
  while (i <= j && !less(d[j], d[a])) j--;
  if (i > j) {
    swap(d, j, a);
    return [j, true];
  }
  swap(d, i, j);
  i++;
  j--;
  for (;;) {
    while (i <= j && less(d[i], d[a])) i++;
    while (i <= j && !less(d[j], d[a])) j--;
    if (i > j) break;
    swap(d, i, j);
    i++;
    j--;
  }
  swap(d, j, a);
  return [j, false];
}

function partitionEqual<T>(d: T[], less: Less<T>, a: number, b: number, pivot: number): number {
  swap(d, a, pivot);
  let i = a + 1;
  let j = b - 1;
  for (;;) {
    while (i <= j && !less(d[a], d[i])) i++;
    while (i <= j && less(d[a], d[j])) j--;
    if (i > j) break;
    swap(d, i, j);
    i++;
    j--;
  }
  return i;
}

function partialInsertionSort<T>(d: T[], less: Less<T>, a: number, b: number): boolean {
  const maxSteps = 5;
  const shortestShifting = 50;
  let i = a + 1;
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !less(d[i], d[i - 1])) i++;
    if (i === b) return true;
    if (b - a < shortestShifting) return false;
    swap(d, i, i - 1);
    if (i - a >= 2) {
      for (let j = i - 1; j >= 1; j--) {
        if (!less(d[j], d[j - 1])) break;
        swap(d, j, j - 1);
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!less(d[j], d[j - 1])) break;
        swap(d, j, j - 1);
      }
    }
  }
  return false;
}

const MASK64 = (1n << 64n) - 1n;

function breakPatterns<T>(d: T[], a: number, b: number): void {
  const length = b - a;
  if (length >= 8) {
    // xorshift seeded with the length (Go: type xorshift uint64; Next: <<13, >>7, <<17).
    let r = BigInt(length);
    const modulus = BigInt(2 ** bitsLen(length));
    const start = a + Math.trunc(length / 4) * 2 - 1;
    for (let idx = start; idx <= start + 2; idx++) {
      r ^= (r << XS[0]) & MASK64;
      r ^= r >> XS[1];
      r ^= (r << XS[2]) & MASK64;
      let other = Number(r & (modulus - 1n));
      if (other >= length) other -= length;
      swap(d, idx, a + other);
    }
  }
}

function choosePivot<T>(d: T[], less: Less<T>, a: number, b: number): [number, Hint] {
  const shortestNinther = 50;
  const maxSwaps = 4 * 3;
  const l = b - a;
  const swaps = { n: 0 };
  let i = a + Math.trunc(l / 4) * 1;
  let j = a + Math.trunc(l / 4) * 2;
  let k = a + Math.trunc(l / 4) * 3;
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(d, less, i - 1, i, i + 1, swaps);
      j = median(d, less, j - 1, j, j + 1, swaps);
      k = median(d, less, k - 1, k, k + 1, swaps);
    }
    j = median(d, less, i, j, k, swaps);
  }
  if (swaps.n === 0) return [j, Hint.Increasing];
  if (swaps.n === maxSwaps) return [j, Hint.Decreasing];
  return [j, Hint.Unknown];
}

function median<T>(d: T[], less: Less<T>, a: number, b: number, c: number, swaps: { n: number }): number {
  // order2(a, b); order2(b, c); order2(a, b); return b
  if (less(d[b], d[a])) {
    swaps.n++;
    [a, b] = [b, a];
  }
  if (less(d[c], d[b])) {
    swaps.n++;
    [b, c] = [c, b];
  }
  if (less(d[b], d[a])) {
    swaps.n++;
    [a, b] = [b, a];
  }
  return b;
}

function reverseRange<T>(d: T[], a: number, b: number): void {
  let i = a;
  let j = b - 1;
  while (i < j) {
    swap(d, i, j);
    i++;
    j--;
  }
}
