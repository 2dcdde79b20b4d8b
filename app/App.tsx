import { useEffect } from 'react';
import { useUi, isDark } from './store/ui';
import { usePlayer } from './store/player';
import { startRunner } from './worker/runner';
import { EngineStatus } from './EngineStatus';
import { Splitter } from './Splitter';
import { HelpDialog } from './HelpDialog';
import { EditorPane } from './editor/EditorPane';
import { ClusterPane } from './cluster/ClusterPane';
import { ExplainPane } from './explain/ExplainPane';
import { QueueStrip } from './player/QueueStrip';
import { Timeline } from './player/Timeline';
import { ProfilePicker } from './player/ProfilePicker';
import { IconMoon, IconSun } from './icons';
import { TopbarMenus } from './share';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  if (el.closest('input, textarea, select, [contenteditable="true"], .monaco-editor, [role="dialog"] input')) return true;
  return false;
}

function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?' && !isTyping(e.target)) {
        e.preventDefault();
        useUi.getState().setHelpOpen(!useUi.getState().helpOpen);
        return;
      }
      if (isTyping(e.target) || useUi.getState().helpOpen) return;
      const p = usePlayer.getState();
      const onButton = (e.target as HTMLElement | null)?.closest?.('button, [role="button"], [role="slider"], a');
      switch (e.key) {
        case ' ':
          if (onButton) return; // space activates the focused button
          e.preventDefault();
          p.toggle();
          break;
        case 'ArrowRight':
          if ((e.target as HTMLElement | null)?.closest?.('[role="slider"], [role="separator"]')) return;
          e.preventDefault();
          if (e.shiftKey) p.cycleForward();
          else p.stepForward();
          break;
        case 'ArrowLeft':
          if ((e.target as HTMLElement | null)?.closest?.('[role="slider"], [role="separator"]')) return;
          e.preventDefault();
          if (e.shiftKey) p.cycleBack();
          else p.stepBack();
          break;
        case 'Home':
          e.preventDefault();
          p.reset();
          break;
        case 'End':
          e.preventDefault();
          p.seekEnd();
          break;
        case 'Escape':
          useUi.getState().select(null);
          break;
        default:
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function useTheme(): boolean {
  const dark = useUi(isDark);
  useEffect(() => {
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const on = () => useUi.setState({ systemDark: mq.matches });
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);
  return dark;
}

function ThemeToggle({ dark }: { dark: boolean }) {
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  return (
    <button
      type="button"
      className="btn icon"
      aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
      title={`Theme: ${theme}${theme === 'system' ? ` (${dark ? 'dark' : 'light'})` : ''} — click to switch`}
      onClick={() => setTheme(dark ? 'light' : 'dark')}
    >
      {dark ? <IconSun /> : <IconMoon />}
    </button>
  );
}

export function App() {
  useEffect(() => startRunner(), []);
  useShortcuts();
  const dark = useTheme();
  const editorWidth = useUi((s) => s.editorWidth);
  const explainWidth = useUi((s) => s.explainWidth);
  const setHelpOpen = useUi((s) => s.setHelpOpen);
  return (
    <div className="app" data-theme={dark ? 'dark' : 'light'}>
      <header className="topbar">
        <h1>
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          schedlab
        </h1>
        {/* Gallery, saved scenarios, undo/redo, import, link, export (app/share/index.tsx). */}
        <TopbarMenus />
        <span className="spacer" />
        <EngineStatus />
        <ProfilePicker />
        <ThemeToggle dark={dark} />
        <button type="button" className="btn icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
          ?
        </button>
      </header>
      <main className="workspace" style={{ gridTemplateColumns: `${editorWidth}px 5px minmax(420px, 1fr) 5px ${explainWidth}px` }}>
        <EditorPane />
        <Splitter pane="editor" label="Resize editor" />
        <ClusterPane />
        <Splitter pane="explain" label="Resize explanation" />
        <ExplainPane />
        <QueueStrip />
      </main>
      <Timeline />
      <HelpDialog />
    </div>
  );
}
