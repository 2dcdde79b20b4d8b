// Side-effect-only Monaco modules and Vite's `?worker` imports, for the type checker.
declare module 'monaco-editor/editor/browser/*';
declare module 'monaco-editor/editor/contrib/*';
declare module 'monaco-editor/editor/common/*';
declare module 'monaco-editor/base/browser/*';
declare module 'monaco-editor/esm/vs/base/*';
declare module 'monaco-editor/languages/*';
declare module '*?worker' {
  const WorkerCtor: { new (): Worker };
  export default WorkerCtor;
}
