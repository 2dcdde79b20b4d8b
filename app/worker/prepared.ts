// Texts whose documents were already read elsewhere: an import writes the cluster as YAML and
// knows each object and where it is in the text (app/share/slim.ts toYamlDocs), so the engine
// need not read those tens of MB again. The import offers them here before it sets the text; the
// runner hands them to the engine with exactly that text. An offer is taken once (a second run
// of the same text, after a cancel or a crash, reads the text: same result, a little slower) and
// dropped by any other text: tens of MB are not kept longer than needed. Only the newest is kept.

let offered: { text: string; docs: Uint8Array } | null = null;

/** `docs`: the FastDoc[] of `text` (engine/api/yamlfast.ts) as UTF-8 JSON (transferred to the engine). */
export function offerPrepared(text: string, docs: Uint8Array): void {
  offered = { text, docs };
}

/** Takes the documents offered for this very text, if any (any other text drops the offer). */
export function preparedFor(text: string): Uint8Array | undefined {
  const o = offered;
  offered = null;
  return o && o.text === text ? o.docs : undefined;
}
