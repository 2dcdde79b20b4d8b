// Shareable links and cluster import, driven by role and accessible name.
import { expect, test, type Page } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { LINK_PREFIX, decodeLink, encodeLink, toBase64Url } from '../app/share/codec';
import { generateKubectlJsonDump } from '../app/share/fixtures';

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
  return errors;
}

const nodeCard = (page: Page, name: string) => page.getByRole('group', { name: 'Cluster map' }).getByRole('button', { name, exact: true });

const engineDone = (page: Page) => expect(page.getByRole('status', { name: 'Engine status' })).toContainText(/\d+ cycles? in \d+ ms/);

/** Types at the very top of the scenario, in Monaco. */
async function typeAtTop(page: Page, text: string) {
  const editor = page.getByRole('region', { name: 'Editor' });
  await expect(editor).toHaveAttribute('aria-busy', 'false');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type(text);
}

test('copy link, open it in a fresh browser: same scenario, selected pod and step', async ({ browser }) => {
  const a = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await a.newPage();
  const errors = watchErrors(page);
  await page.goto('/#gallery=predicates-and-priorities');
  await expect(page.getByRole('button', { name: /^Scenarios · Filter, then score/ })).toBeVisible();
  await engineDone(page);

  await typeAtTop(page, '# e2e-marker: shared by a test\n');
  await engineDone(page);
  await page.getByRole('region', { name: 'Queue' }).getByRole('button', { name: 'default/web' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  const slider = page.getByRole('slider', { name: 'Timeline position' });
  await expect(slider).toHaveAttribute('aria-valuetext', /^step \d+ of \d+/);
  const position = await slider.getAttribute('aria-valuetext');

  await page.getByRole('button', { name: 'Copy link' }).click();
  const share = page.getByRole('dialog', { name: 'Share a link' });
  await expect(share.getByRole('status')).toHaveText('Link copied to the clipboard.');
  const url = await share.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(url).toMatch(/#s1=[A-Za-z0-9_-]+$/);
  expect(url.length).toBeLessThan(8000);
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
  expect(errors).toEqual([]);

  const b = await browser.newContext();
  const fresh = await b.newPage();
  const freshErrors = watchErrors(fresh);
  await fresh.goto(url);
  await expect(fresh.getByRole('button', { name: /^Scenarios · Filter, then score/ })).toBeVisible();
  await expect(fresh.getByRole('region', { name: 'Editor' }).getByText('e2e-marker: shared by a test')).toBeVisible();
  await expect(fresh.getByRole('slider', { name: 'Timeline position' })).toHaveAttribute('aria-valuetext', position!);
  await expect(fresh.getByRole('region', { name: 'Explanation' }).getByRole('heading', { level: 3 }).first()).toContainText('default/web');
  await expect(nodeCard(fresh, 'node-medium')).toBeVisible();
  // The fragment is read once and removed, so a refresh restores the autosaved copy.
  await expect.poll(() => new URL(fresh.url()).hash).toBe('');
  expect(freshErrors).toEqual([]);
  await a.close();
  await b.close();
});

test('the link leaves secrets out unless asked, and says so', async ({ page }) => {
  const yaml = `apiVersion: v1
kind: Node
metadata: { name: n1 }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } }
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: default
  annotations: { owner-email: alice@example.com }
spec:
  containers:
    - name: api
      image: api:1
      env: [{ name: DB_PASSWORD, value: hunter2 }]
`;
  await page.goto(`/#${encodeLink({ yaml, name: 'Secrets' })}`);
  await expect(page.getByRole('button', { name: /^Scenarios · Secrets/ })).toBeVisible();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const share = page.getByRole('dialog', { name: 'Share a link' });
  await expect(share).toContainText('Left out: 1 environment variable value and 1 annotation value.');
  const scrubbed = await share.getByRole('textbox', { name: 'Link' }).inputValue();
  await share.getByRole('checkbox', { name: /Leave out secrets/ }).uncheck();
  await expect(share).toContainText('Anyone with the link can read every value');
  const full = await share.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(full).not.toBe(scrubbed);

  expect(decodeLink(new URL(scrubbed).hash)!.yaml).not.toMatch(/hunter2|alice@/);
  expect(decodeLink(new URL(full).hash)!.yaml).toContain('hunter2');
});

test.describe('damaged and hostile links: a clear message and an empty, working app', () => {
  const cases: [string, () => string, RegExp][] = [
    ['random bytes', () => `#${LINK_PREFIX}${toBase64Url(randomBytes(600))}`, /damaged|cut short/],
    ['a truncated link', () => `#${encodeLink({ yaml: generateKubectlJsonDump(3, 6) }).slice(0, 400)}`, /damaged|cut short/],
    ['characters that are not base64', () => `#${LINK_PREFIX}<script>alert(1)</script>`, /damaged/],
    ['a decompression bomb', () => `#${LINK_PREFIX}${toBase64Url(deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }))}`, /more than 5 MB/],
    ['JSON that is not a scenario', () => `#${LINK_PREFIX}${toBase64Url(deflateSync(strToU8('{"hello":"world"}')))}`, /does not hold a schedlab scenario/],
  ];
  for (const [name, fragment, message] of cases) {
    test(name, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`/${fragment()}`);
      const alert = page.getByRole('alert').filter({ hasText: 'schedlab started with an empty scenario' });
      await expect(alert).toContainText(message);
      await expect(page.getByRole('button', { name: /^Scenarios · Untitled/ })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'schedlab' })).toBeVisible();
      // Still a working app: dismiss, then open a gallery scenario.
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await expect(alert).toHaveCount(0);
      await page.getByRole('button', { name: 'Gallery' }).click();
      await page.getByRole('menuitem', { name: 'Node affinity — required and preferred' }).click();
      await expect(page.getByRole('complementary', { name: 'Teaching card' })).toBeVisible();
      await engineDone(page);
      expect(errors).toEqual([]);
    });
  }

  test('HTML in names, labels and annotations is shown as text and never runs', async ({ page }) => {
    const errors = watchErrors(page);
    const html = '<img src=x onerror="window.__pwned=1">';
    const yaml = `apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels: { evil: '${html}' }
  annotations: { note: '<script>window.__pwned=2</script>' }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } }
---
apiVersion: v1
kind: Pod
metadata: { name: '<b onmouseover=alert(1)>x</b>', namespace: default }
spec: { containers: [{ name: c, image: i }] }
`;
    await page.goto(`/#${encodeLink({ yaml, pod: `default/${html}`, name: '<i>title</i>' })}`);
    await expect(page.getByRole('button', { name: /^Scenarios · <i>title<\/i>/ })).toBeVisible();
    // The loader rejects the invalid values; its messages show them as plain text.
    await expect(page.getByRole('list', { name: 'Problems' })).toContainText('<b onmouseover=alert(1)>x</b>');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'Close' }).click();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img[src="x"], b[onmouseover]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

test.describe('import a real cluster', () => {
  test('a pasted multi-document dump: slimmed, with what was ignored counted', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
    await expect(dialog.getByText('kubectl get nodes,pods,pdb,priorityclasses -A -o yaml > cluster.yaml')).toBeVisible();
    const docs = [
      'apiVersion: v1\nkind: Node\nmetadata:\n  name: imported-1\n  managedFields: [{ manager: kubelet }]\nstatus:\n  allocatable: { cpu: "4", memory: 8Gi, pods: "110" }',
      'apiVersion: v1\nkind: Node\nmetadata:\n  name: imported-2\nstatus:\n  allocatable: { cpu: "4", memory: 8Gi, pods: "110" }',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec:\n  containers: [{ name: web, image: nginx, env: [{ name: TOKEN, value: s3cret }], resources: { requests: { cpu: 500m } } }]',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata: { a: b }',
      'apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: shop }\nstringData: { password: s3cret }',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }',
    ];
    await dialog.getByRole('textbox', { name: 'Paste YAML or JSON' }).fill(docs.join('\n---\n'));
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const result = dialog.getByRole('status');
    await expect(result).toContainText('Imported 2 Node, 1 Pod.');
    await expect(result).toContainText('Ignored (not read by the scheduler): 1 ConfigMap, 1 Ingress, 1 Secret.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(nodeCard(page, 'imported-1')).toBeVisible();
    await expect(page.getByRole('button', { name: /^Scenarios · Imported cluster/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Editor' }).getByText('s3cret')).toHaveCount(0);
  });

  test('a kind: List JSON file from kubectl -o json', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
    await dialog.getByLabel('Files to import').setInputFiles({
      name: 'cluster.json',
      mimeType: 'application/json',
      buffer: Buffer.from(generateKubectlJsonDump(4, 10)),
    });
    await expect(dialog.getByRole('list', { name: 'Files to import' })).toContainText('cluster.json');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByRole('status')).toContainText('Imported 9 Pod, 4 Node, 1 Service.');
    await expect(dialog.getByRole('status')).toContainText('1 ConfigMap, 1 Pod (Succeeded)');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('button', { name: /^Scenarios · cluster/ })).toBeVisible();
    await expect(nodeCard(page, 'node-3')).toBeVisible();
    await engineDone(page);
  });

  test('a file dropped anywhere on the page opens the import dialog with it', async ({ page }) => {
    await page.goto('/');
    await engineDone(page);
    const json = generateKubectlJsonDump(4, 10);
    // (in the page: a string, as the e2e code has no DOM types)
    const dt = await page.evaluateHandle(`(() => {
      const d = new DataTransfer();
      d.items.add(new File([${JSON.stringify(json)}], 'dropped.json', { type: 'application/json' }));
      return d;
    })()`);
    await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
    await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
    const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
    await expect(dialog.getByRole('list', { name: 'Files to import' })).toContainText('dropped.json');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByRole('status')).toContainText('Imported 9 Pod, 4 Node, 1 Service.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('button', { name: /^Scenarios · dropped/ })).toBeVisible();
    await expect(nodeCard(page, 'node-3')).toBeVisible();
  });

  test('an imported cluster too big for localStorage is kept in IndexedDB and restored by a refresh', async ({ page }, testInfo) => {
    const file = testInfo.outputPath('cluster.json');
    fs.writeFileSync(file, generateKubectlJsonDump(20, 1600)); // slimmed: ~1.3 MB of YAML
    await page.goto('/');
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
    await dialog.getByLabel('Files to import').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByRole('status')).toContainText(/Imported 1,?5\d\d Pod, 20 Node/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await engineDone(page);
    await expect(page.getByRole('status', { name: 'Engine status' })).not.toContainText(/ 2 cycles/);
    // the editor takes the large text once the run's answer is on screen
    await expect(page.getByRole('region', { name: 'Editor' }).getByText('# Imported from cluster.json by schedlab.')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Editor' }).getByText('text after the run…')).toHaveCount(0);
    // the text is in IndexedDB (written in the background), not in localStorage
    const largestStoredText = `new Promise((resolve) => {
      const req = indexedDB.open('schedlab');
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('texts')) {
          db.close();
          return resolve(0);
        }
        const get = db.transaction('texts').objectStore('texts').getAll();
        get.onsuccess = () => {
          db.close();
          resolve(Math.max(0, ...get.result.map((t) => t.length)));
        };
        get.onerror = () => {
          db.close();
          resolve(0);
        };
      };
      req.onerror = () => resolve(0);
    })`;
    await expect
      .poll(() => page.evaluate(largestStoredText) as Promise<number>)
      .toBeGreaterThan(1 << 20);
    const stored = (await page.evaluate('Object.keys(localStorage).reduce((n, k) => n + localStorage.getItem(k).length, 0)')) as number;
    expect(stored).toBeLessThan(100_000);
    await page.reload();
    await expect(page.getByRole('button', { name: /^Scenarios · cluster/ })).toBeVisible();
    await expect(nodeCard(page, 'node-19')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Problems' })).toHaveCount(0);
  });

  test('a big dump shows progress and can be cancelled, leaving the scenario as it was', async ({ page }, testInfo) => {
    const file = testInfo.outputPath('big.json');
    fs.writeFileSync(file, generateKubectlJsonDump(300, 12000)); // ~70 MB
    await page.goto('/');
    await expect(page.getByRole('button', { name: /^Scenarios · My scenario/ })).toBeVisible();
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a cluster' });
    await dialog.getByLabel('Files to import').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel import' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Import cancelled. Your scenario is unchanged.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('button', { name: /^Scenarios · My scenario/ })).toBeVisible();
  });
});

test.describe('export', () => {
  test('the scenario as a YAML file, as typed', async ({ page }) => {
    await page.goto('/#gallery=node-selector');
    await expect(page.getByRole('button', { name: /^Scenarios · nodeSelector/ })).toBeVisible();
    await page.getByRole('button', { name: 'Export' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('menuitem', { name: /Scenario as YAML file/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('nodeselector-only-nodes-with-the-right-labels.yaml');
    const text = fs.readFileSync(await file.path(), 'utf8');
    expect(text).toBe(fs.readFileSync('public/gallery/node-selector.yaml', 'utf8'));
  });

  test('the explanation of a pod as Markdown, copied for an issue', async ({ browser }) => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto('/#gallery=node-selector');
    await engineDone(page);
    await page.getByRole('region', { name: 'Queue' }).getByRole('button', { name: 'default/gpu-job' }).click();
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: /Copy explanation as Markdown/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'was copied as Markdown' })).toContainText('default/gpu-job');
    const md = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(md).toContain('### Why `default/gpu-job` is Pending');
    expect(md).toContain("> 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    expect(md).toContain("| node-hdd | ❌ rejected | NodeAffinity | node(s) didn't match Pod's node affinity/selector |");
    expect(md).toMatch(/\[open this view\]\(http:\/\/127\.0\.0\.1:\d+\/#s1=[\w-]+\)/);
    await context.close();
  });
});
