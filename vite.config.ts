import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { k8sSchemaPlugin } from './scripts/k8s-schema.ts';

// monaco-worker-manager (under monaco-yaml) imports `monaco-editor/esm/vs/...`, a path that
// monaco-editor's package exports do not list; point it at the file itself.
const monacoEsm = fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url));

export default defineConfig({
  plugins: [react(), k8sSchemaPlugin()],
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsm}$1` }] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
