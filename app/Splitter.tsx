import { useRef } from 'react';
import { useUi } from './store/ui';

/** A draggable, keyboard-resizable separator between panes. */
export function Splitter({ pane, label }: { pane: 'editor' | 'explain'; label: string }) {
  const width = useUi((s) => (pane === 'editor' ? s.editorWidth : s.explainWidth));
  const setWidth = useUi((s) => s.setPaneWidth);
  const drag = useRef<{ x: number; w: number } | null>(null);
  const sign = pane === 'editor' ? 1 : -1;
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={240}
      aria-valuemax={900}
      tabIndex={0}
      data-pane={pane}
      onPointerDown={(e) => {
        drag.current = { x: e.clientX, w: width };
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (drag.current) setWidth(pane, drag.current.w + sign * (e.clientX - drag.current.x));
      }}
      onPointerUp={() => {
        drag.current = null;
        window.dispatchEvent(new Event('resize'));
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          setWidth(pane, width + sign * (e.key === 'ArrowRight' ? 24 : -24));
        }
      }}
    />
  );
}
