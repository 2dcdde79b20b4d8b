import fs from 'node:fs';
import { Composer, Parser, stringify } from 'yaml';
const j = JSON.parse(fs.readFileSync('/tmp/imp/d100.json', 'utf8'));
j.items = j.items.slice(0, 1100);
const y = stringify(j, { lineWidth: 0 });
for (let k = 0; k < 2; k++) {
let t = performance.now();
const toks = [...new Parser().parse(y)];
const tp = performance.now() - t; t = performance.now();
const docs = [...new Composer({}).compose(toks)];
const tc = performance.now() - t;
t = performance.now();
const docs2 = [...new Composer({ keepSourceTokens: false, uniqueKeys: false }).compose(toks)];
const tc2 = performance.now() - t;
console.log('parser', tp.toFixed(0), 'compose', tc.toFixed(0), 'compose-nouniq', tc2.toFixed(0), process.cpuUsage().user/1e6);
}
