// Browser tests of the search page's look and tools on the real example portal: the
// filters' sidebar and <details>, the pages, highlighting, the amount and year ranges,
// the CSV of the results and the empty state.
// node tests/browser/search_page.mjs <built-site-dir>
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { runTests, settled } from './harness.mjs';

const site = resolve(process.argv[2] ?? '.');
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const hrefs = (page) => page.$$eval('#cerca-risultati li > a', (as) => as.map((a) => a.getAttribute('href')));
const status = (page) => page.textContent('#cerca-stato');
const open = async (page, base, query) => { await page.goto(`${base}/cerca/${query}`); return settled(page); };
const count = async (page) => Number((await status(page)).match(/^(\d+) risultat/)?.[1] ?? NaN);

// A CSV line's fields (every field quoted, "" inside a field).
const fields = (line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((x) => x[1].replace(/""/g, '"'));

test('wide screens show the filters as an open sidebar beside the results', async (page, base) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, base, '?q=servizio');
  assert.equal(await page.$eval('#cerca-filtri', (d) => d.open), true);
  const [filters, results] = await Promise.all(['#cerca-filtri', '#cerca-esiti'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().toJSON())));
  assert.ok(filters.right <= results.left, `filters ${JSON.stringify(filters)} results ${JSON.stringify(results)}`);
  assert.ok(Math.abs(filters.top - results.top) < 5, 'side by side');
  assert.equal(await page.isVisible('#cerca-filtri > summary'), false);
});

test('on a phone the filters are a closed <details> above the results, with a skip link', async (page, base) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, base, '?q=servizio');
  assert.equal(await page.$eval('#cerca-filtri', (d) => d.open), false);
  assert.equal(await page.textContent('#cerca-filtri > summary'), 'Filtri');
  const [filters, results] = await Promise.all(['#cerca-filtri', '#cerca-esiti'].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().toJSON())));
  assert.ok(filters.bottom <= results.top, 'filters above results');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no horizontal scroll');
  const skip = page.locator('a.cerca-salta');
  assert.equal(await skip.textContent(), 'Vai ai risultati');
  assert.equal(await skip.getAttribute('href'), '#cerca-esiti');
  await skip.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cerca-esiti');
  await page.click('#cerca-filtri > summary');
  assert.ok(await page.isVisible('#cerca-f-anno-2025'));
  await open(page, base, '?q=servizio&anno=2025&importo_min=1000');
  assert.equal(await page.textContent('#cerca-filtri > summary'), 'Filtri (2 attivi)');
});

test('pages are numbered, with previous and next, the current one marked', async (page, base) => {
  const before = await open(page, base, '?importo_min=0');
  assert.equal(await count(page), 13);
  assert.equal(await page.getAttribute('#cerca-pagine', 'aria-label'), 'Pagine dei risultati');
  assert.equal(await page.getAttribute('#cerca-pagina-1', 'aria-current'), 'page');
  assert.equal(await page.$('#cerca-pagina-prec'), null);
  assert.equal(await page.textContent('#cerca-pagina-succ'), 'Successiva ›');
  await page.click('#cerca-pagina-succ');
  await settled(page, before);
  assert.match(page.url(), /pagina=2/);
  assert.equal(await page.getAttribute('#cerca-pagina-2', 'aria-current'), 'page');
  assert.equal(await page.getAttribute('#cerca-pagina-1', 'aria-current'), null);
  assert.equal(await page.textContent('#cerca-pagina-prec'), '‹ Precedente');
  assert.equal(await page.$('#cerca-pagina-succ'), null);
  assert.equal((await hrefs(page)).length, 3);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cerca-esiti');
});

test('results do not shift the page as they arrive', async (page, base) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.addInitScript(() => {
    window.shift = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shift += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
  await open(page, base, '?q=servizio');
  await page.waitForTimeout(200);
  const shift = await page.evaluate(() => window.shift);
  assert.ok(shift < 0.1, `cumulative layout shift ${shift}`);
});

test('the words of the query are marked in titles and excerpts, Markdown left out', async (page, base) => {
  await open(page, base, '?q=backup');
  const marks = await page.$$eval('#cerca-risultati mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.length >= 2, String(marks));
  assert.ok(marks.every((m) => m === 'backup'), String(marks));
  assert.ok(await page.$('#cerca-risultati .cerca-testo mark'), 'an excerpt has a mark');
  await open(page, base, '?q=determinazione');
  const texts = await page.$$eval('.cerca-testo', (ps) => ps.map((p) => p.textContent));
  assert.ok(texts.length > 0);
  for (const t of texts) assert.doesNotMatch(t, /##|\*\*|\]\(/, t);
  // A stem matches the other forms of the word: «servizi» marks «servizio».
  await open(page, base, '?q=servizi');
  const forms = await page.$$eval('#cerca-risultati mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(forms.includes('servizio'), String(forms));
});

test('amount and year ranges filter, stay in the address, and the CSV holds every result', async (page, base) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const before = await open(page, base, '?tipo=atto&tipo=cig');
  assert.equal(await count(page), 13);
  await page.fill('#cerca-importo-min', '15.000');
  await page.fill('#cerca-importo-max', '40.000,00');
  await page.fill('#cerca-anno-min', '2024');
  await page.fill('#cerca-anno-max', '2025');
  await page.click('.cerca-applica');
  await settled(page, before);
  assert.equal(await status(page), '4 risultati');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('importo_min'), '15000');
  assert.equal(url.searchParams.get('importo_max'), '40000.00');
  assert.equal(url.searchParams.get('anno_min'), '2024');
  assert.equal(url.searchParams.get('anno_max'), '2025');
  assert.deepEqual((await hrefs(page)).sort(), ['/atti/comune-di-livorno/2025/determinazione-7788/',
    '/atti/comune-di-ponte-san-pietro/2024/lettera-di-impegno-2024-06-18/', '/cig/B153F2DE65/', '/cig/B85C478F9C/']);
  // Years outside the range are not offered in the year facet.
  assert.equal(await page.$('#cerca-f-anno-2026'), null);
  // The same address gives the same results, the inputs filled in.
  await open(page, base, url.search);
  assert.equal(await status(page), '4 risultati');
  assert.equal(await page.inputValue('#cerca-importo-min'), '15000');
  assert.equal(await page.inputValue('#cerca-anno-max'), '2025');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cerca-scarica')]);
  assert.equal(download.suggestedFilename(), 'risultati-ricerca.csv');
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  assert.deepEqual(fields(lines[0]), ['tipo', 'titolo', 'data', 'importo_euro', 'ente', 'indirizzo']);
  assert.equal(lines.length - 1, await count(page), 'a row per result');
  const rows = lines.slice(1).map(fields);
  assert.ok(rows.every((r) => r.length === 6 && /^\d+\.\d\d$/.test(r[3]) && /^\d{4}-\d\d-\d\d$/.test(r[2])), JSON.stringify(rows));
  assert.ok(rows.some((r) => r[3] === '16393.40' && r[4] === 'Comune di Livorno'), JSON.stringify(rows));
  assert.ok(rows.every((r) => r[5].startsWith(`${base}/`)), 'absolute addresses');
});

test('the CSV holds every result, not only the page shown', async (page, base) => {
  await open(page, base, '?importo_min=0');
  assert.equal((await hrefs(page)).length, 10);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cerca-scarica')]);
  const lines = (await readFile(await download.path(), 'utf8')).split('\r\n').filter(Boolean);
  assert.equal(lines.length - 1, 13);
});

test('with no result the filters are named, and dropping one brings results back', async (page, base) => {
  const before = await open(page, base, '?q=backup&anno=2020&importo_min=1000');
  assert.equal(await status(page), 'Nessun risultato per «backup» con i filtri scelti.');
  const buttons = await page.$$eval('#cerca-vuoto button', (bs) => bs.map((b) => b.textContent));
  assert.deepEqual(buttons, ['Togli «Anno: 2020»', 'Togli «Importo da € 1.000,00»']);
  await page.click('#cerca-vuoto button:has-text("Anno: 2020")');
  await settled(page, before);
  assert.doesNotMatch(page.url(), /anno=/);
  assert.match(page.url(), /importo_min=1000/);
  assert.ok(await count(page) > 0, await status(page));
  assert.equal(await page.$('#cerca-vuoto button'), null);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cerca-esiti');
});

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('axe finds no violation with results, ranges, pages and the empty state, wide and on a phone', async (page, base) => {
  const found = [];
  for (const query of ['?q=servizio&importo_min=1000&anno_min=2024', '?importo_min=0', '?q=backup&anno=2020']) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await open(page, base, query);
      if (width === 360) await page.click('#cerca-filtri > summary');
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      }));
      for (const v of result.violations) found.push(`${query} @${width}px: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    }
  }
  assert.deepEqual(found, []);
});

await runTests(tests, site);
