// monaco-yaml's language worker, re-exported from this project so Vite bundles it as a worker
// (see monaco-yaml's README, "Why doesn't it work with Vite?").
import 'monaco-yaml/yaml.worker.js';
