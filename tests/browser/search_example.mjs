// Browser tests of search on the real example portal:
// node tests/browser/search_example.mjs <built-site-dir>
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runTests, settled } from './harness.mjs';

const site = resolve(process.argv[2] ?? '.');
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const hrefs = (page) => page.$$eval('#cerca-risultati li > a', (as) => as.map((a) => a.getAttribute('href')));
const status = (page) => page.textContent('#cerca-stato');
const open = async (page, base, query) => { await page.goto(`${base}/cerca/${query}`); return settled(page); };

test('"backup" finds CIG B9538AC2B9', async (page, base) => {
  await open(page, base, '?q=backup');
  assert.ok((await hrefs(page)).includes('/cig/B9538AC2B9/'), String(await hrefs(page)));
});

test('a P.IVA puts the Omniconnect supplier page first', async (page, base) => {
  await open(page, base, '?q=01586840504');
  assert.equal((await hrefs(page))[0], '/fornitori/01586840504/');
});

test('"servizi" matches the act that only says "servizio"', async (page, base) => {
  await open(page, base, '?q=servizi');
  assert.ok((await hrefs(page)).includes('/atti/csi-piemonte/2020/provvedimento-dc20_036_mepa/'), String(await hrefs(page)));
});

test('the year facet shows counts and narrows results', async (page, base) => {
  const before = await open(page, base, '?q=affidamento');
  const total = Number((await status(page)).match(/^(\d+)/)[1]);
  const label = await page.textContent('label[for="cerca-f-anno-2025"]');
  const count = Number(label.match(/\((\d+)\)/)[1]);
  assert.ok(count > 0 && count < total, `${label} of ${total}`);
  await page.check('#cerca-f-anno-2025');
  await settled(page, before);
  assert.equal(Number((await status(page)).match(/^(\d+)/)[1]), count);
  assert.match(page.url(), /anno=2025/);
});

test('sort by amount orders results', async (page, base) => {
  await open(page, base, '?tipo=cig&ordine=importo');
  const amounts = await page.$$eval('#cerca-risultati li', (lis) => lis
    .map((li) => li.textContent.match(/€ ([\d.]+,\d\d)/))
    .filter(Boolean)
    .map((m) => Number(m[1].replace(/\./g, '').replace(',', '.'))));
  assert.ok(amounts.length >= 4, String(amounts));
  assert.deepEqual(amounts, [...amounts].sort((a, b) => b - a));
});

test('the "con indicatori" facet lists the procedures an integrity flag counts', async (page, base) => {
  await open(page, base, '?tipo=cig');
  const label = await page.textContent('label[for="cerca-f-indicatori-si"]');
  assert.equal(label, 'Con indicatori (3)');
  await open(page, base, '?indicatori=si');
  assert.deepEqual((await hrefs(page)).sort(), ['/cig/B85C478F9C/', '/cig/B9538AC2B9/', '/cig/BA0649FD87/']);
});

await runTests(tests, site);
