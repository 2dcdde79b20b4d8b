import fs from 'node:fs';
import { Composer, Parser, stringify, Lexer } from 'yaml';
import { readSource } from '../../engine/api/yamlsource.ts';
const j = JSON.parse(fs.readFileSync('/tmp/imp/d100.json', 'utf8'));
j.items = j.items.slice(0, 1100);
const y = stringify(j, { lineWidth: 0 });
const js = JSON.stringify(j, null, 2);
console.log('yaml MB', (y.length / 1e6).toFixed(1), 'json MB', (js.length/1e6).toFixed(1));
for (const [name, text] of [['yaml', y], ['json', js]] as const) {
  let t = performance.now();
  let n = 0; for (const _ of new Lexer().lex(text)) n++;
  const tl = performance.now() - t; t = performance.now();
  const docs = [...new Composer({}).compose(new Parser().parse(text))];
  const tc = performance.now() - t; t = performance.now();
  const r = readSource('x', text);
  const tr = performance.now() - t; t = performance.now();
  JSON.parse(js);
  const tj = performance.now() - t;
  console.log(name, 'lex', tl.toFixed(0), 'parse+compose', tc.toFixed(0), 'readSource', tr.toFixed(0), 'JSON.parse', tj.toFixed(0), docs.length, r.docs.length);
}
