// Monaco, cut down to what a YAML editor needs, with monaco-yaml and the Kubernetes schema.
// Only ever imported dynamically (app/editor/EditorPane.tsx), so none of it is in the first load.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/editor/browser/coreCommands.js';
import 'monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js';
import 'monaco-editor/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/editor/contrib/find/browser/findController.js';
import 'monaco-editor/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus.js';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/editor/contrib/tokenization/browser/tokenization.js';
import 'monaco-editor/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import 'monaco-editor/languages/definitions/yaml/register.js';
import { configureMonacoYaml } from 'monaco-yaml';
import k8sSchema from 'virtual:k8s-schema';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import YamlWorker from './yaml.worker.js?worker';

const newWorker = (label: string): Worker => (label === 'yaml' ? new YamlWorker() : new EditorWorker());

globalThis.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return newWorker(label);
  },
};

// monaco-yaml (through monaco-worker-manager) still calls the pre-0.55 form
// `editor.createWebWorker({ label, moduleId, createData })`; Monaco 0.57 wants a Worker. This is
// the adapter Monaco itself ships for that form (internal/common/workers.js), without pulling in
// everything that module imports: start the worker, send the init message and the createData.
interface LegacyWorkerOptions {
  label?: string;
  moduleId?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}
const legacyCreateWebWorker = (opts: LegacyWorkerOptions) => {
  const worker = Promise.resolve(newWorker(opts.label ?? 'editorWorkerService')).then((w) => {
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return w;
  });
  return monaco.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels } as unknown as Parameters<typeof monaco.editor.createWebWorker>[0]);
};
const monacoForYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker: legacyCreateWebWorker } } as unknown as typeof monaco;

export const SCENARIO_URI = 'file:///scenario.yaml';

const yamlOptions = (large: boolean) => ({
  enableSchemaRequest: false,
  validate: !large,
  hover: !large,
  completion: !large,
  isKubernetes: true,
  schemas: [{ uri: 'schedlab://schemas/kubernetes.json', fileMatch: ['*.yaml', '*.yml', '**/*'], schema: k8sSchema }],
});
const yamlSupport = configureMonacoYaml(monacoForYaml, yamlOptions(false));

/**
 * Above this size (a whole cluster pasted or imported) the schema validation, hover and
 * completion of monaco-yaml are switched off: on thousands of objects they keep the page busy
 * for seconds and add nothing (the engine's own diagnostics still mark every problem).
 */
export const LARGE_DOCUMENT_CHARS = 256 * 1024;
let largeMode = false;
export function setLargeDocument(large: boolean): void {
  if (large === largeMode) return;
  largeMode = large;
  void yamlSupport.update(yamlOptions(large));
}

monaco.editor.defineTheme('schedlab-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '93b58a' }],
  colors: { 'editor.background': '#15181d' },
});
monaco.editor.defineTheme('schedlab-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff' },
});

export { monaco };
