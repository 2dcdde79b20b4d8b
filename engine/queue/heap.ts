// A binary heap keyed by string (upstream pkg/scheduler/backend/heap): O(log n) add, update,
// delete by key and pop; `less` decides the order (the head is the "least").

export class Heap<T> {
  private items: T[] = [];
  private keys: string[] = [];
  private index = new Map<string, number>();

  constructor(
    private readonly keyOf: (t: T) => string,
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get length(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds the item, or re-positions it when an item with its key is there (replacing it). */
  addOrUpdate(item: T): void {
    const key = this.keyOf(item);
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = item;
      if (!this.up(i)) this.down(i);
      return;
    }
    this.items.push(item);
    this.keys.push(key);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  delete(key: string): T | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const item = this.items[i];
    const last = this.items.length - 1;
    if (i !== last) this.swap(i, last);
    this.items.pop();
    this.keys.pop();
    this.index.delete(key);
    if (i !== last) {
      if (!this.up(i)) this.down(i);
    }
    return item;
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.delete(this.keys[0]);
  }

  /** The items in heap-array order (cheap; not sorted). */
  list(): T[] {
    return this.items.slice();
  }

  /** The items in pop order (a sorted copy; O(n log n)). */
  sorted(): T[] {
    return this.items.slice().sort((a, b) => (this.less(a, b) ? -1 : this.less(b, a) ? 1 : 0));
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    this.items[i] = this.items[j];
    this.items[j] = a;
    const k = this.keys[i];
    this.keys[i] = this.keys[j];
    this.keys[j] = k;
    this.index.set(this.keys[i], i);
    this.index.set(this.keys[j], j);
  }

  private up(i: number): boolean {
    let moved = false;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.items[i], this.items[p])) break;
      this.swap(i, p);
      i = p;
      moved = true;
    }
    return moved;
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let m = l;
      const r = l + 1;
      if (r < n && this.less(this.items[r], this.items[l])) m = r;
      if (!this.less(this.items[m], this.items[i])) break;
      this.swap(i, m);
      i = m;
    }
  }
}
