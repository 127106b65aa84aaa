// Browser tests of the search page: node tests/browser/search.mjs <site-dir>
// The site must hold /cerca/index.html (the search page), the index, the client's modules in /static/js/
// and stems.json ({word: stem} from the Rust analyzer), which checks the JS stemmer.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTests, settled } from './harness.mjs';

const site = resolve(process.argv[2] ?? '');
if (!process.argv[2] || !existsSync(join(site, 'cerca', 'index.html'))) {
  console.error('usage: node tests/browser/search.mjs <site-dir with cerca/index.html>');
  process.exit(2);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const hrefs = (page) => page.$$eval('#cerca-risultati li > a', (as) => as.map((a) => a.getAttribute('href')));
const status = (page) => page.textContent('#cerca-stato');

async function open(page, base, query) {
  await page.goto(`${base}/cerca/${query}`);
  return settled(page);
}

test('the JS stemmer agrees with the Rust analyzer', async () => {
  const file = join(site, 'stems.json');
  assert.ok(existsSync(file), `${file} is missing: the Rust test writes it`);
  const cerca = await import(pathToFileURL(join(site, 'static', 'js', 'cerca.js')).href);
  const expected = JSON.parse(readFileSync(file, 'utf8'));
  assert.ok(Object.keys(expected).length > 300, 'word list too short');
  const wrong = Object.entries(expected).filter(([w, s]) => cerca.stem(cerca.fold(w)) !== s)
    .map(([w, s]) => `${w}: rust ${s}, js ${cerca.stem(cerca.fold(w))}`);
  assert.deepEqual(wrong, []);
});

test('"backup" finds the CIG B9538AC2B9', async (page, base) => {
  await open(page, base, '?q=backup');
  assert.ok((await hrefs(page)).includes('/cig/B9538AC2B9/'));
  assert.match(await status(page), /^\d+ risultati?/);
});

test('a P.IVA puts its supplier first', async (page, base) => {
  await open(page, base, '?q=01586840504');
  const links = await hrefs(page);
  assert.equal(links[0], '/fornitori/01586840504/');
  assert.equal(await page.textContent('#cerca-risultati li > a'), 'Omniconnect S.r.l.');
});

test('a CIG puts its procedure first', async (page, base) => {
  await open(page, base, '?q=B9538AC2B9');
  assert.equal((await hrefs(page))[0], '/cig/B9538AC2B9/');
});

test('"servizi" matches a doc that only says "servizio"', async (page, base) => {
  await open(page, base, '?q=servizi');
  assert.ok((await hrefs(page)).includes('/atti/comune-di-livorno/2025/determinazione-10107/'));
});

test('results show kind, date dd/mm/yyyy and amount in euro', async (page, base) => {
  await open(page, base, '?q=B9538AC2B9');
  const text = await page.textContent('#cerca-risultati li');
  assert.match(text, /Procedura \(CIG\)/);
  assert.match(text, /12\/12\/2025/);
  assert.match(text, /€ 104\.832,00/);
});

test('the year facet shows counts and narrows results', async (page, base) => {
  const before = await open(page, base, '?q=servizio');
  assert.match(await status(page), /^3 risultati/);
  const label = await page.textContent('label[for="cerca-f-anno-2025"]');
  assert.equal(label, '2025 (2)');
  assert.equal(await page.getAttribute('.cerca-faccetta-anno', 'class') !== null, true);
  assert.ok(await page.$('fieldset.cerca-faccetta-anno legend'));
  await page.check('#cerca-f-anno-2025');
  await settled(page, before);
  assert.equal(await status(page), '2 risultati');
  assert.match(page.url(), /anno=2025/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'cerca-f-anno-2025');
  // Other years keep their count, computed without the year filter itself.
  assert.equal(await page.textContent('label[for="cerca-f-anno-2020"]'), '2020 (1)');
});

test('sorting by amount orders results, from the select and from the URL', async (page, base) => {
  const amounts = async () => (await page.$$eval('.cerca-dettagli', (ps) => ps.map((p) => p.textContent)))
    .map((t) => Number((t.match(/€ ([\d.]+),(\d\d)/) ?? ['', '0', '0']).slice(1).join('.').replace(/\.(?=.*\.)/g, '')));
  const before = await open(page, base, '?tipo=atto');
  assert.match(await status(page), /^5 risultati/);
  await page.selectOption('#cerca-ordine', 'importo');
  await settled(page, before);
  assert.deepEqual(await amounts(), [250000, 104832, 75500, 48000, 1200]);
  assert.match(page.url(), /ordine=importo/);
  await open(page, base, '?q=servizio&ordine=importo');
  const sorted = await amounts();
  assert.deepEqual(sorted, [...sorted].sort((a, b) => b - a));
});

test('sorting by date puts the newest first', async (page, base) => {
  await open(page, base, '?tipo=atto&ordine=data');
  const dates = await page.$$eval('.cerca-dettagli', (ps) => ps.map((p) => p.textContent.match(/\d\d\/\d\d\/\d{4}/)[0]));
  assert.equal(dates[0], '12/02/2026');
  assert.equal(dates.at(-1), '30/03/2020');
});

test('typing searches as you type, with the last word as a prefix', async (page, base) => {
  const before = await open(page, base, '');
  assert.match(await status(page), /Scrivi/);
  await page.fill('#cerca-q', 'manut');
  await settled(page, before);
  assert.deepEqual(await hrefs(page), ['/atti/comune-di-livorno/2024/determinazione-500/']);
  assert.match(page.url(), /q=manut/);
});

test('no results is said plainly', async (page, base) => {
  await open(page, base, '?q=zzzinesistente');
  assert.equal(await status(page), 'Nessun risultato per «zzzinesistente».');
});

test('an identifier without digits is still found', async (page, base) => {
  await open(page, base, '?q=abc-lavori');
  assert.deepEqual(await hrefs(page), ['/atti/comune-di-livorno/2024/determinazione-500/']);
});

test('when no doc has every word, docs with the most words are shown as partial', async (page, base) => {
  await open(page, base, '?q=backup+manutenzione+');
  assert.match(await status(page), /^Nessun risultato contiene tutte le parole di «backup manutenzione ». Risultati parziali, con 1 parola su 2: \d+ risultati$/);
  const links = await hrefs(page);
  assert.ok(links.includes('/cig/B9538AC2B9/') && links.includes('/atti/comune-di-livorno/2024/determinazione-500/'), String(links));
  await open(page, base, '?q=manutenzione+strade');
  assert.equal(await status(page), '1 risultato');
});

test('the dictionary is read while the run table is still loading', async (page, base) => {
  // Hold runs.bin until a dictionary shard is requested: a client that waited for the
  // run table before its lookups would time out here.
  let shardSeen;
  const shardRequested = new Promise((ok) => { shardSeen = ok; });
  page.on('request', (req) => { if (/\/cerca\/t\/\d+\.bin$/.test(req.url())) shardSeen(true); });
  await page.route('**/cerca/runs.bin', async (route) => {
    const seen = await Promise.race([shardRequested, new Promise((ok) => setTimeout(ok, 3000, false))]);
    if (!seen) await route.abort(); else await route.continue();
  });
  await open(page, base, '?q=backup');
  assert.ok((await hrefs(page)).includes('/cig/B9538AC2B9/'));
});

test('a word query fetches the header, run table, one shard and its result blocks only', async (page, base) => {
  await open(page, base, '?q=B9538AC2B9');
  const files = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/cerca/')).sort());
  assert.deepEqual(files, ['/cerca/d/0.bin', '/cerca/meta.bin', '/cerca/runs.bin', '/cerca/t/0.bin']);
});

await runTests(tests, site);
