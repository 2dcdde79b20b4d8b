import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bootstrap } from './share';
import { startRunner } from './worker/runner';
import './styles.css';

// The opening scenario (shared link, gallery reference or autosave) is chosen before the first render,
// and the engine's worker starts loading at once, in parallel with that render.
bootstrap();
startRunner();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
