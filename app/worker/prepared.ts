// Texts whose documents were already read elsewhere: an import writes the cluster as YAML and
// knows each object and where it is in the text (app/share/slim.ts toYamlDocs), so the engine
// need not read those tens of MB again. The import offers them here before it sets the text; the
// runner hands them to the engine with exactly that text, and forgets them once the text changes.
// Only the newest offer is kept.

let offered: { text: string; docs: string } | null = null;

/** `docs`: the FastDoc[] of `text` (engine/api/yamlfast.ts) as JSON. */
export function offerPrepared(text: string, docs: string): void {
  offered = { text, docs };
}

/** The documents offered for this very text, if any (any other text drops the offer). */
export function preparedFor(text: string): string | undefined {
  if (!offered) return undefined;
  if (offered.text === text) return offered.docs;
  offered = null;
  return undefined;
}
