// Monaco bound to the scenario store. Typing calls setSource(text, 'editor') (the runner
// debounces); pasting whole objects also moves the playback to the end of the new run; any other origin (drawing, gallery, link, undo) replaces the text as one undoable
// edit so the editor follows without losing its own undo history. Engine diagnostics become
// markers at their exact line/column.
import { useEffect, useRef } from 'react';
import { monaco, SCENARIO_URI, LARGE_DOCUMENT_CHARS, setLargeDocument } from './monaco';
import { useScenario } from '../store/scenario';
import { useRun } from '../store/run';
import { openAtEnd } from '../share/view';
import { pastesObjects } from './paste';
import { useUi, isDark } from '../store/ui';
import type { Diagnostic } from '../../engine/api/scenario';

function severity(d: Diagnostic): monaco.MarkerSeverity {
  return d.severity === 'error' ? monaco.MarkerSeverity.Error : d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info;
}

function markers(model: monaco.editor.ITextModel, diags: Diagnostic[]): monaco.editor.IMarkerData[] {
  const lines = model.getLineCount();
  return diags.map((d) => {
    const line = Math.max(1, Math.min(lines, d.line || 1));
    const col = Math.max(1, d.col || 1);
    let endLine = d.endLine ?? line;
    let endCol = d.endCol;
    if (endCol === undefined) {
      // Mark the token at the position (or to the end of the line).
      const word = model.getWordAtPosition({ lineNumber: line, column: col });
      endLine = line;
      endCol = word && word.endColumn > col ? word.endColumn : model.getLineMaxColumn(line);
      if (endCol <= col) endCol = col + 1;
    }
    return {
      severity: severity(d),
      message: d.path ? `${d.message}\n(${d.path})` : d.message,
      source: 'schedlab',
      startLineNumber: line,
      startColumn: col,
      endLineNumber: Math.max(line, Math.min(lines, endLine)),
      endColumn: endCol,
    };
  });
}

export default function MonacoEditor({ onReady, onFilling }: { onReady?: () => void; onFilling?: (waiting: boolean) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const applying = useRef(false);
  const dark = useUi(isDark);

  useEffect(() => {
    const uri = monaco.Uri.parse(SCENARIO_URI);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(useScenario.getState().source, 'yaml', uri);
    const ed = monaco.editor.create(host.current!, {
      model,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12.5,
      lineHeight: 19,
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      renderWhitespace: 'none',
      wordWrap: 'off',
      ariaLabel: 'Scenario YAML',
      theme: isDark(useUi.getState()) ? 'schedlab-dark' : 'schedlab-light',
      fixedOverflowWidgets: true,
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    editorRef.current = ed;
    // A whole cluster in the editor: plain text (Monaco would tokenize every line on the main
    // thread, in the background, for seconds), no folding, no language service.
    const sizeMode = () => {
      const large = model.getValueLength() > LARGE_DOCUMENT_CHARS;
      setLargeDocument(large);
      const language = large ? 'plaintext' : 'yaml';
      if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
      ed.updateOptions({ folding: !large, occurrencesHighlight: large ? 'off' : 'singleFile' });
    };
    sizeMode();
    const sizeSub = model.onDidChangeContent(sizeMode);
    const sub = model.onDidChangeContent(() => {
      if (!applying.current) useScenario.getState().setSource(model.getValue(), 'editor');
    });
    // Pasting Kubernetes objects (a pod, a dump) opens the run at its end: the answer first.
    const pasteSub = ed.onDidPaste((e) => {
      if (pastesObjects(model.getValueInRange(e.range))) openAtEnd();
    });
    // Changes made elsewhere arrive as one edit, so Monaco's own undo stays coherent. A large text
    // loaded from outside (an import, a link) is set after the engine has its copy (a timer runs
    // after the runner's microtask) and replaces Monaco's history instead of joining it: the
    // app's undo (outside the editor) still goes back.
    let deferred: ReturnType<typeof setTimeout> | null = null;
    let stopWaiting = () => {};
    const apply = (text: string, replace: boolean) => {
      // (getValue builds the whole text: only when the lengths leave a doubt)
      if (text.length === model.getValueLength() && text === model.getValue()) return;
      applying.current = true;
      try {
        if (replace) model.setValue(text);
        else model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
      } finally {
        applying.current = false;
      }
    };
    const unsubSource = useScenario.subscribe((s, prev) => {
      if (s.source === prev.source) return;
      if (deferred) clearTimeout(deferred);
      deferred = null;
      const large = s.source.length > LARGE_DOCUMENT_CHARS || prev.source.length > LARGE_DOCUMENT_CHARS;
      if (large && s.origin !== 'editor') {
        // Filling Monaco with tens of MB takes the main thread for a second or more: for a loaded
        // text (import, link, restore), after the engine's run for it (at most 10 s later), so
        // that the answer comes first; other changes at once, after the runner's microtask. Read-only
        // meanwhile, so nothing typed into the old text can replace the new one.
        ed.updateOptions({ readOnly: true });
        onFilling?.(true);
        const fill = (afterPaint: boolean) => {
          stopWaiting();
          const now = () => {
            deferred = setTimeout(() => {
              deferred = null;
              apply(useScenario.getState().source, true);
              ed.updateOptions({ readOnly: false });
              onFilling?.(false);
            }, 0);
          };
          // after the run: once the page has painted its result (two frames)
          if (afterPaint) requestAnimationFrame(() => requestAnimationFrame(now));
          else now();
        };
        stopWaiting();
        const load = s.origin === 'import' || s.origin === 'link' || s.origin === 'restore';
        if (!load || (useRun.getState().status !== 'running' && useRun.getState().revision >= s.revision)) fill(false);
        else {
          const unsub = useRun.subscribe((r) => {
            if (r.status !== 'running') fill(true);
          });
          const cap = setTimeout(() => fill(false), 10_000);
          stopWaiting = () => {
            unsub();
            clearTimeout(cap);
            stopWaiting = () => {};
          };
        }
        return;
      }
      apply(s.source, false);
    });
    const applyMarkers = () => {
      const st = useScenario.getState();
      const parsed = st.parsed;
      monaco.editor.setModelMarkers(model, 'schedlab', parsed && parsed.revision === st.revision ? markers(model, parsed.diagnostics) : []);
    };
    applyMarkers();
    const unsubParsed = useScenario.subscribe((s, prev) => {
      if (s.parsed !== prev.parsed) applyMarkers();
    });
    const unsubReveal = useUi.subscribe((s, prev) => {
      if (s.reveal && s.reveal !== prev.reveal) {
        ed.revealLineInCenter(s.reveal.line);
        ed.setPosition({ lineNumber: s.reveal.line, column: s.reveal.col });
        ed.focus();
      }
    });
    onReady?.();
    // Catch up with a text that changed while Monaco was loading.
    if (model.getValue() !== useScenario.getState().source) {
      applying.current = true;
      model.setValue(useScenario.getState().source);
      applying.current = false;
    }
    return () => {
      if (deferred) clearTimeout(deferred);
      stopWaiting();
      sub.dispose();
      sizeSub.dispose();
      pasteSub.dispose();
      unsubSource();
      unsubParsed();
      unsubReveal();
      ed.dispose();
    };
  }, []);

  useEffect(() => {
    monaco.editor.setTheme(dark ? 'schedlab-dark' : 'schedlab-light');
  }, [dark]);

  return <div ref={host} className="editor-host" />;
}
