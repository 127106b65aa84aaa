// Browser tests of the stored first pages of hot terms (cerca/r/), on a site whose common
// words have postings files: node tests/browser/search_first_page.mjs <site-dir>
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runTests, settled } from './harness.mjs';

const site = resolve(process.argv[2] ?? '');
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const hrefs = (page) => page.$$eval('#cerca-risultati li > a', (as) => as.map((a) => a.getAttribute('href')));
const indexFiles = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/cerca/')));

async function open(page, base, query) {
  await page.goto(`${base}/cerca/${query}`);
  await settled(page);
  return { files: await indexFiles(page), results: await hrefs(page) };
}

test('a hot word alone shows its stored first page, the one the general path computes', async (page, base) => {
  const stored = await open(page, base, '?q=servizi');
  assert.ok(stored.files.some((f) => /^\/cerca\/r\/\d+\.bin$/.test(f)), `files: ${stored.files}`);
  assert.ok(!stored.files.some((f) => f.startsWith('/cerca/d/')), 'no result blocks');
  assert.equal(stored.results.length, 10);
  // Two tokens of the same word: same ranking, but no stored page applies.
  const computed = await open(page, base, '?q=servizi+servizi');
  assert.ok(!computed.files.some((f) => f.startsWith('/cerca/r/')), `files: ${computed.files}`);
  assert.ok(computed.files.some((f) => f.startsWith('/cerca/d/')));
  assert.deepEqual(stored.results, computed.results);
});

test('a filter, another page or another order of the same word uses the result blocks', async (page, base) => {
  const first = await open(page, base, '?q=servizi');
  for (const query of ['?q=servizi&pagina=2', '?q=servizi&ordine=data', '?q=servizi&anno=2025']) {
    const other = await open(page, base, query);
    assert.ok(!other.files.some((f) => f.startsWith('/cerca/r/')), `${query}: ${other.files}`);
    assert.ok(other.results.length > 0, query);
  }
  const second = await open(page, base, '?q=servizi&pagina=2');
  assert.equal(second.results.filter((h) => first.results.includes(h)).length, 0, 'page 2 follows page 1');
});

await runTests(tests, site);
