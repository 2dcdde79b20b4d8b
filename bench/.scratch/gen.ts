import { writeKubectlDump } from '../../bench/dump.ts';
const [file, n, p, pend] = process.argv.slice(2);
const t0 = Date.now();
console.log(writeKubectlDump(file, { nodes: +n, pods: +p, pending: +pend }), Date.now() - t0, 'ms');
