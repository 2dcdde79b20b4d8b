// The scenario store: the YAML source text is the single source of truth.
//
// Every change to the scenario — typing in the editor, a drawing tool, a gallery pick, a shared
// link, an import, undo/redo — goes through `setSource(text, origin)`. Nothing else mutates
// `source`. Wrappers (undo/redo, autosave, link sync in app/share/ and app/persist/) can subscribe
// to this store and call setSource with their own origin.
//
// `parsed` is what the engine made of the current source (diagnostics and the cluster as the
// engine sees it); it is filled asynchronously by app/worker/runner.ts and always carries the
// `revision` of the source it belongs to, so a stale result is never mistaken for a fresh one.

import { create } from 'zustand';
import type { Diagnostic } from '../../engine/api/scenario';
import type { ClusterModel } from '../worker/protocol';
import { DEFAULT_SCENARIO } from './defaultScenario';

export type SourceOrigin =
  | 'init'
  | 'editor'
  | 'draw'
  | 'gallery'
  | 'link'
  | 'import'
  | 'restore'
  | 'undo'
  | 'redo'
  | (string & {});

export interface ParsedScenario {
  /** The source revision this was computed from. */
  revision: number;
  diagnostics: Diagnostic[];
  cluster: ClusterModel;
}

export interface ScenarioState {
  /** The scenario as YAML text (a multi-document stream or a `kind: List`). */
  source: string;
  /** File name used for diagnostics and export. */
  fileName: string;
  /** Who made the last change. */
  origin: SourceOrigin;
  /** Increments with every setSource (and setSeed). */
  revision: number;
  /** Seed of the engine's random tie-breaking (a link and a saved scenario carry it). */
  seed: number;
  /** What the engine made of `source` (possibly of an older revision while a run is under way). */
  parsed: ParsedScenario | null;
  /** The only way to change the scenario. A no-op when the text is unchanged. */
  setSource: (text: string, origin: SourceOrigin) => void;
  /** Changes the seed (re-runs the engine like a text change). */
  setSeed: (seed: number, origin?: SourceOrigin) => void;
  /** Internal (app/worker/runner.ts): records the engine's reading of a revision. */
  setParsed: (parsed: ParsedScenario) => void;
}

export const useScenario = create<ScenarioState>()((set, get) => ({
  source: DEFAULT_SCENARIO,
  fileName: 'scenario.yaml',
  origin: 'init',
  revision: 0,
  seed: 1,
  parsed: null,
  setSource: (text, origin) => {
    if (text === get().source) return;
    set((s) => ({ source: text, origin, revision: s.revision + 1 }));
  },
  setSeed: (seed, origin = 'seed') => {
    if (seed === get().seed) return;
    set((s) => ({ seed, origin, revision: s.revision + 1 }));
  },
  setParsed: (parsed) => {
    if (parsed.revision < (get().parsed?.revision ?? -1)) return;
    set({ parsed });
  },
}));

/** Non-React access for code outside components (drawing tools, share menu, tests). */
export const scenarioStore = useScenario;
