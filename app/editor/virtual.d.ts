declare module 'virtual:k8s-schema' {
  import type { JSONSchema } from 'monaco-yaml';
  const schema: JSONSchema;
  export default schema;
}
