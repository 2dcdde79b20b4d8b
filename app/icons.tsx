// Small inline icons (no icon font: every glyph renders the same on every system).
const base = { width: 14, height: 14, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

export const IconReset = () => (
  <svg {...base}>
    <path d="M1.5 3.5h1.7v9H1.5zM9 3.5v9L3.5 8zM14.5 3.5v9L9 8z" fill="currentColor" />
  </svg>
);
export const IconEnd = () => (
  <svg {...base}>
    <path d="M1.5 3.5v9l5.5-4.5zM7 3.5v9l5.5-4.5z" fill="currentColor" />
    <path d="M12.8 3.5h1.7v9h-1.7z" fill="currentColor" />
  </svg>
);
export const IconBack = () => (
  <svg {...base}>
    <path d="M11 3v10L4 8z" fill="currentColor" />
  </svg>
);
export const IconForward = () => (
  <svg {...base}>
    <path d="M5 3v10l7-5z" fill="currentColor" />
    <path d="M12.5 3h1.5v10h-1.5z" fill="currentColor" />
  </svg>
);
export const IconPlay = () => (
  <svg {...base}>
    <path d="M4 2.5v11l9.5-5.5z" fill="currentColor" />
  </svg>
);
export const IconPause = () => (
  <svg {...base}>
    <path d="M4 3h3v10H4zM9 3h3v10H9z" fill="currentColor" />
  </svg>
);
export const IconSun = () => (
  <svg {...base}>
    <circle cx="8" cy="8" r="3.2" fill="currentColor" />
    <path d="M8 0.8v2.2M8 13v2.2M0.8 8h2.2M13 8h2.2M2.9 2.9l1.6 1.6M11.5 11.5l1.6 1.6M2.9 13.1l1.6-1.6M11.5 4.5l1.6-1.6" stroke="currentColor" strokeWidth="1.4" />
  </svg>
);
export const IconMoon = () => (
  <svg {...base}>
    <path d="M10.5 1.5a6.5 6.5 0 1 0 4 11.2A5.5 5.5 0 0 1 10.5 1.5z" fill="currentColor" />
  </svg>
);
