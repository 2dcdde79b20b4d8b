// Undo/redo for the scenario text, recorded around setSource. Pure TS (time injected).
//
// Every change of the text is one step, except typing: consecutive 'editor' changes less than
// `coalesceMs` apart are one step (a typing burst), so undo goes back a word or a line, not a
// character. A change from somewhere else (a drawing tool, a gallery pick) always starts a new step.
// Memory is bounded by a step count and by the total characters kept.

export interface HistoryOptions {
  coalesceMs?: number;
  maxSteps?: number;
  maxChars?: number;
}

interface Step {
  /** The text before the change. */
  text: string;
  origin: string;
  /** When the step was last extended. */
  at: number;
}

export class History {
  private past: Step[] = [];
  private future: string[] = [];
  private readonly coalesceMs: number;
  private readonly maxSteps: number;
  private readonly maxChars: number;

  constructor(opts: HistoryOptions = {}) {
    this.coalesceMs = opts.coalesceMs ?? 1000;
    this.maxSteps = opts.maxSteps ?? 200;
    this.maxChars = opts.maxChars ?? 40_000_000;
  }

  /** Records that the text changed from `before` (to whatever is current now) by `origin` at `now`. */
  record(before: string, origin: string, now: number): void {
    const last = this.past[this.past.length - 1];
    this.future = [];
    if (last && origin === 'editor' && last.origin === 'editor' && now - last.at < this.coalesceMs) {
      last.at = now; // same typing burst: the step still starts from its first `before`
      return;
    }
    this.past.push({ text: before, origin, at: now });
    this.trim();
  }

  /** The text to go back to, given the current text; null when there is nothing to undo. */
  undo(current: string): string | null {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push(current);
    return step.text;
  }

  /** The text to go forward to, given the current text; null when there is nothing to redo. */
  redo(current: string, now: number): string | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push({ text: current, origin: 'redo', at: now });
    return next;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }

  private trim(): void {
    while (this.past.length > this.maxSteps) this.past.shift();
    let chars = this.past.reduce((a, s) => a + s.text.length, 0);
    while (this.past.length > 1 && chars > this.maxChars) chars -= this.past.shift()!.text.length;
  }
}
