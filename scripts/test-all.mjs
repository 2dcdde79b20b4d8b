#!/usr/bin/env node
// `npm test`: every suite in order — typecheck, unit tests, the conformance corpus, the
// production build, and the Playwright end-to-end tests in headless Chromium. Ends with one
// line "N passed, N failed" (totals over all suites) and a non-zero exit when anything failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const cacheDir = path.join(root, '.cache');
fs.mkdirSync(cacheDir, { recursive: true });

const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const results = [];

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function stage(name, fn) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  let r;
  try {
    r = await fn();
  } catch (e) {
    r = { passed: 0, failed: 1, note: String(e) };
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`--- ${name}: ${r.passed} passed, ${r.failed} failed (${secs}s)${r.note ? ` — ${r.note}` : ''}`);
  results.push({ name, ...r });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const npx = (args, env) => run('npx', ['--no-install', ...args], env);

await stage('typecheck', async () => {
  let passed = 0;
  let failed = 0;
  for (const p of ['tsconfig.engine.json', 'tsconfig.app.json', 'tsconfig.node.json']) {
    const { code } = await npx(['tsc', '-p', p, '--noEmit']);
    if (code === 0) passed++;
    else failed++;
  }
  return { passed, failed };
});

await stage('unit', async () => {
  const file = path.join(cacheDir, 'vitest.json');
  fs.rmSync(file, { force: true });
  const { code } = await npx(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, note: `vitest exited ${code} without a report` };
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failed = j.numFailedTests + (code !== 0 && j.numFailedTests === 0 ? 1 : 0);
  return { passed: j.numPassedTests, failed };
});

await stage('conformance', async () => {
  const { code, out } = await run(process.execPath, ['tests/conformance/run.mjs']);
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  if (!m) return { passed: 0, failed: 1, note: `no summary line (exit ${code})` };
  const passed = Number(m[1]);
  const failed = Number(m[2]) + (code !== 0 && Number(m[2]) === 0 ? 1 : 0);
  return { passed, failed };
});

await stage('build', async () => {
  const { code } = await npx(['vite', 'build', '--logLevel', 'warn']);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
});

await stage('e2e', async () => {
  const file = path.join(cacheDir, 'playwright.json');
  fs.rmSync(file, { force: true });
  // A free port for the preview server, so a dev server or another run can't collide with it.
  const port = process.env.E2E_PORT ?? String(await freePort());
  const { code } = await npx(['playwright', 'test'], { PW_JSON_OUTPUT: file, E2E_PORT: port });
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, note: `playwright exited ${code} without a report` };
  const s = JSON.parse(fs.readFileSync(file, 'utf8')).stats ?? {};
  const failed = (s.unexpected ?? 0) + (s.flaky ?? 0) + (code !== 0 && !s.unexpected ? 1 : 0);
  return { passed: s.expected ?? 0, failed };
});

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
