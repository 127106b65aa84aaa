// Browser tests of search on the example portal published under a sub-path:
// node tests/browser/search_prefix.mjs <built-site-dir> <prefix, e.g. /trasparenza/appalti/>
// The server answers only under the prefix, so a request or link that forgets it fails.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests, settled } from './harness.mjs';

const site = resolve(process.argv[2] ?? '.');
const prefix = process.argv[3] ?? '/';
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const hrefs = (page) => page.$$eval('#cerca-risultati li > a', (as) => as.map((a) => a.getAttribute('href')));

/** Every request the page makes, and those that failed. */
function watch(page) {
  const seen = { requests: [], failed: [] };
  page.on('request', (r) => seen.requests.push(new URL(r.url()).pathname));
  page.on('response', (r) => { if (r.status() >= 400) seen.failed.push(`${r.status()} ${r.url()}`); });
  // A prefetch cut short by leaving the page is aborted, not missing.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') seen.failed.push(`${r.failure()?.errorText} ${r.url()}`);
  });
  return seen;
}

test('a search under the prefix fetches the index there and follows a result', async (page, base) => {
  const seen = watch(page);
  await page.goto(`${base}${prefix}cerca/?q=backup`);
  await settled(page);
  const links = await hrefs(page);
  const cig = `${prefix}cig/B9538AC2B9/`;
  assert.ok(links.includes(cig), String(links));
  assert.ok(links.every((h) => h.startsWith(prefix)), String(links));
  const modules = readdirSync(join(site, 'static', 'js')).map((f) => `static/js/${f}`);
  assert.ok(modules.length > 1, String(modules));
  for (const file of ['cerca/meta.bin', 'cerca/runs.bin', ...modules]) {
    assert.ok(seen.requests.includes(`${prefix}${file}`), `${file} not requested: ${seen.requests}`);
  }
  // Dictionary shards and result blocks too: every request stays under the prefix.
  assert.ok(seen.requests.some((p) => p.startsWith(`${prefix}cerca/`) && !/(meta|runs)\.bin$/.test(p)),
    String(seen.requests));
  assert.deepEqual(seen.requests.filter((p) => !p.startsWith(prefix)), []);
  await Promise.all([page.waitForURL(`**${cig}`), page.click(`#cerca-risultati a[href="${cig}"]`)]);
  assert.match(await page.textContent('h1'), /CIG B9538AC2B9/);
  assert.deepEqual(seen.failed, []);
});

test('the header search box lands on the search page under the prefix', async (page, base) => {
  const seen = watch(page);
  await page.goto(`${base}${prefix}`);
  await page.fill('#q-header', '01586840504');
  await Promise.all([page.waitForURL(`**${prefix}cerca/?q=01586840504`), page.press('#q-header', 'Enter')]);
  await settled(page);
  assert.equal((await hrefs(page))[0], `${prefix}fornitori/01586840504/`);
  assert.deepEqual(seen.failed, []);
});

await runTests(tests, site, prefix);
