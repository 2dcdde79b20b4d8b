// Small accessible building blocks for the top-bar menus: a button that opens a popover
// (non-modal dialog) or a menu, closing on Escape and on a click outside; a modal dialog.
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';

function useDismiss(open: boolean, close: () => void, refs: RefObject<HTMLElement | null>[]): void {
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node | null;
      if (refs.some((r) => r.current?.contains(t))) return;
      close();
    };
    // Escape closes it even when the focus has left the panel (e.g. the control it was on is gone).
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && (document.activeElement === document.body || refs.some((r) => r.current?.contains(document.activeElement)))) {
        close();
      }
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, close, refs]);
}

/** A top-bar button with a popover panel (role=dialog, non-modal) under it. */
export function PopoverButton(props: {
  label: ReactNode;
  /** Accessible name of the button (defaults to its text). */
  ariaLabel?: string;
  title?: string;
  dialogLabel: string;
  open: boolean;
  setOpen: (open: boolean) => void;
  onOpen?: () => void;
  className?: string;
  children: ReactNode;
}) {
  const { open, setOpen } = props;
  const btn = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const refs = useRef([btn, panel]).current;
  const close = useStable(() => setOpen(false));
  useDismiss(open, close, refs);
  useEffect(() => {
    if (open) {
      const first = panel.current?.querySelector<HTMLElement>('[data-autofocus], button, input, textarea, select, a[href]');
      first?.focus();
    }
  }, [open]);
  return (
    <span className="sl-anchor">
      <button
        ref={btn}
        type="button"
        className={`btn ${props.className ?? ''}`}
        aria-label={props.ariaLabel}
        title={props.title}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => {
          if (!open) props.onOpen?.();
          setOpen(!open);
        }}
      >
        {props.label}
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          className="sl-popover"
          role="dialog"
          aria-label={props.dialogLabel}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
              btn.current?.focus();
            }
          }}
        >
          {props.children}
        </div>
      )}
    </span>
  );
}

function useStable<T extends (...a: never[]) => unknown>(f: T): T {
  const r = useRef(f);
  r.current = f;
  const [stable] = useState(() => ((...a: never[]) => r.current(...a)) as T);
  return stable;
}

export interface MenuItem {
  key: string;
  label: ReactNode;
  /** Accessible name when the label has more than the name in it. */
  ariaLabel?: string;
  hint?: ReactNode;
  disabled?: boolean;
  current?: boolean;
  onSelect: () => void;
}

export interface MenuGroup {
  heading?: string;
  items: MenuItem[];
}

/** A top-bar menu button (role=menu with arrow-key navigation). */
export function MenuButton(props: {
  label: ReactNode;
  ariaLabel?: string;
  menuLabel: string;
  groups: MenuGroup[];
  footer?: ReactNode;
  onOpen?: () => void;
  wide?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const btn = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const refs = useRef([btn, panel]).current;
  const close = useStable(() => setOpen(false));
  useDismiss(open, close, refs);
  const items = () => Array.from(panel.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);
  useEffect(() => {
    if (open) (items().find((el) => el.getAttribute('aria-current') === 'true') ?? items()[0])?.focus();
  }, [open]);
  const move = (delta: number | 'first' | 'last') => {
    const list = items();
    if (!list.length) return;
    const i = list.indexOf(document.activeElement as HTMLElement);
    const next = delta === 'first' ? 0 : delta === 'last' ? list.length - 1 : (i + delta + list.length) % list.length;
    list[next].focus();
  };
  return (
    <span className="sl-anchor">
      <button
        ref={btn}
        type="button"
        className="btn"
        aria-label={props.ariaLabel}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          if (!open) props.onOpen?.();
          setOpen(!open);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            props.onOpen?.();
            setOpen(true);
          }
        }}
      >
        {props.label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          ref={panel}
          className={`sl-popover sl-menu${props.wide ? ' wide' : ''}`}
          role="menu"
          aria-label={props.menuLabel}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || e.key === 'Tab') {
              if (e.key === 'Escape') e.preventDefault();
              setOpen(false);
              btn.current?.focus();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              move(1);
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              move(-1);
            } else if (e.key === 'Home') {
              e.preventDefault();
              move('first');
            } else if (e.key === 'End') {
              e.preventDefault();
              move('last');
            }
          }}
        >
          {props.groups.map((g, gi) => (
            <div role="group" aria-label={g.heading} key={g.heading ?? gi} className="sl-menu-group">
              {g.heading && (
                <div className="sl-menu-heading" aria-hidden="true">
                  {g.heading}
                </div>
              )}
              {g.items.map((it) => (
                <div
                  key={it.key}
                  role="menuitem"
                  tabIndex={-1}
                  className="sl-menuitem"
                  aria-label={it.ariaLabel}
                  aria-disabled={it.disabled || undefined}
                  aria-current={it.current || undefined}
                  onClick={() => {
                    if (it.disabled) return;
                    setOpen(false);
                    it.onSelect();
                  }}
                  onKeyDown={(e) => {
                    if ((e.key === 'Enter' || e.key === ' ') && !it.disabled) {
                      e.preventDefault();
                      setOpen(false);
                      btn.current?.focus();
                      it.onSelect();
                    }
                  }}
                >
                  <span className="sl-menuitem-label">{it.label}</span>
                  {it.hint && <span className="sl-menuitem-hint">{it.hint}</span>}
                </div>
              ))}
            </div>
          ))}
          {props.footer && <div className="sl-menu-footer">{props.footer}</div>}
        </div>
      )}
    </span>
  );
}

/** A modal dialog with a title; Escape closes it; focus goes to the first control. */
export function Modal(props: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; busy?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    ref.current?.querySelector<HTMLElement>('[data-autofocus], textarea, input, button')?.focus();
    return () => (opener.current as HTMLElement | null)?.focus?.();
  }, []);
  return (
    <div className="dialog-backdrop" onClick={() => !props.busy && props.onClose()}>
      <div
        ref={ref}
        className={`dialog sl-dialog${props.wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !props.busy) {
            e.preventDefault();
            e.stopPropagation();
            props.onClose();
          }
        }}
      >
        <h2 id={id}>{props.title}</h2>
        {props.children}
      </div>
    </div>
  );
}

/** Saves text as a file download. */
export function downloadText(fileName: string, text: string, type = 'text/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text to the clipboard; falls back to a hidden textarea + execCommand. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    try {
      const ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      const ok = document.execCommand('copy');
      ta.remove();
      return ok;
    } catch {
      return false;
    }
  }
}

/** A file name from a scenario name: "Taints & tolerations" -> "taints-tolerations". */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s_-]+/g, '-')
      .slice(0, 60) || 'scenario'
  );
}
