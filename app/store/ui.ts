// UI state: theme, selection, pane sizes, dialogs. Not part of the scenario.
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Selection = { kind: 'node'; name: string } | { kind: 'pod'; key: string } | null;

export interface UiState {
  theme: ThemeChoice;
  /** What the system prefers (kept current by a media query listener). */
  systemDark: boolean;
  selection: Selection;
  /** Widths in px of the editor and explanation panes. */
  editorWidth: number;
  explainWidth: number;
  helpOpen: boolean;
  /** A request for the editor to reveal a source position (nonce makes repeats count). */
  reveal: { line: number; col: number; nonce: number } | null;
  /** Node to centre the cluster view on (nonce makes repeats count). */
  focusNode: { name: string; nonce: number } | null;
  setTheme: (t: ThemeChoice) => void;
  select: (s: Selection) => void;
  setPaneWidth: (pane: 'editor' | 'explain', px: number) => void;
  setHelpOpen: (open: boolean) => void;
  revealInEditor: (line: number, col?: number) => void;
  showNode: (name: string) => void;
}

const stored = (k: string): string | null => {
  try {
    return localStorage.getItem(k);
  } catch {
    return null;
  }
};

/** A pane width that leaves the cluster the most room on this screen. */
function defaultWidth(fraction: number, min: number, max: number): number {
  const w = typeof window === 'undefined' ? 1440 : Math.max(1280, window.innerWidth);
  return Math.round(Math.max(min, Math.min(max, w * fraction)));
}

export const useUi = create<UiState>()((set) => ({
  theme: (stored('schedlab.theme') as ThemeChoice | null) ?? 'system',
  systemDark: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches,
  selection: null,
  editorWidth: Number(stored('schedlab.editorWidth')) || defaultWidth(0.27, 300, 520),
  explainWidth: Number(stored('schedlab.explainWidth')) || defaultWidth(0.26, 300, 460),
  helpOpen: false,
  reveal: null,
  focusNode: null,
  setTheme: (theme) => {
    try {
      localStorage.setItem('schedlab.theme', theme);
    } catch {
      /* private mode */
    }
    set({ theme });
  },
  select: (selection) => set({ selection }),
  setPaneWidth: (pane, px) => {
    const w = Math.round(Math.max(240, Math.min(900, px)));
    try {
      localStorage.setItem(pane === 'editor' ? 'schedlab.editorWidth' : 'schedlab.explainWidth', String(w));
    } catch {
      /* private mode */
    }
    set(pane === 'editor' ? { editorWidth: w } : { explainWidth: w });
  },
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  revealInEditor: (line, col = 1) => set((s) => ({ reveal: { line, col, nonce: (s.reveal?.nonce ?? 0) + 1 } })),
  showNode: (name) => set((s) => ({ focusNode: { name, nonce: (s.focusNode?.nonce ?? 0) + 1 } })),
}));

export const isDark = (s: Pick<UiState, 'theme' | 'systemDark'>): boolean => (s.theme === 'system' ? s.systemDark : s.theme === 'dark');
