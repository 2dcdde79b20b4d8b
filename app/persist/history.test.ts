import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
  it('coalesces a typing burst into one step, and splits on a pause or another origin', () => {
    const h = new History({ coalesceMs: 1000 });
    // "a" -> "ab" -> "abc" typed quickly, then a pause, then "abcd"
    h.record('a', 'editor', 0);
    h.record('ab', 'editor', 300);
    h.record('abc', 'editor', 600);
    h.record('abcd', 'editor', 2000);
    h.record('abcde', 'draw', 2100);
    let cur = 'abcdef';
    expect((cur = h.undo(cur)!)).toBe('abcde'); // the drawing step
    expect((cur = h.undo(cur)!)).toBe('abcd'); // the lone keystroke after the pause
    expect((cur = h.undo(cur)!)).toBe('a'); // the whole burst
    expect(h.undo(cur)).toBeNull();
    expect(h.canRedo).toBe(true);
    expect((cur = h.redo(cur, 3000)!)).toBe('abcd');
    expect((cur = h.redo(cur, 3000)!)).toBe('abcde');
    expect((cur = h.redo(cur, 3000)!)).toBe('abcdef');
    expect(h.redo(cur, 3000)).toBeNull();
  });

  it('a new edit after undo drops the redo branch', () => {
    const h = new History();
    h.record('v1', 'draw', 0);
    h.record('v2', 'draw', 10);
    expect(h.undo('v3')).toBe('v2');
    h.record('v2', 'editor', 5000);
    expect(h.canRedo).toBe(false);
    expect(h.undo('v2x')).toBe('v2');
  });

  it('is bounded in steps and characters', () => {
    const h = new History({ maxSteps: 3, maxChars: 1000 });
    for (let i = 0; i < 10; i++) h.record(`s${i}`, 'draw', i);
    const seen: string[] = [];
    let cur = 'now';
    for (let t; (t = h.undo(cur)) !== null; cur = t) seen.push(t);
    expect(seen).toEqual(['s9', 's8', 's7']);
    const big = new History({ maxChars: 100 });
    big.record('x'.repeat(60), 'draw', 0);
    big.record('y'.repeat(60), 'draw', 1);
    expect(big.undo('z')).toBe('y'.repeat(60));
    expect(big.undo('z')).toBeNull();
    h.clear();
    expect(h.canUndo || h.canRedo).toBe(false);
  });
});
