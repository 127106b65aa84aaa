// Browser tests of amount ranges on a site of 5,000 docs whose amounts are i + 0.50 euro
// (doc i): node tests/browser/search_ranges.mjs <site-dir>
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runTests, settled } from './harness.mjs';

const site = resolve(process.argv[2] ?? '');
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const status = (page) => page.textContent('#cerca-stato');
const open = async (page, base, query) => { await page.goto(`${base}/cerca/${query}`); return settled(page); };
const amounts = async (page) => (await page.$$eval('.cerca-dettagli', (ps) => ps.map((p) => p.textContent)))
  .map((t) => Number((t.match(/€ ([\d.]+,\d\d)/)?.[1] ?? 'NaN').replace(/\./g, '').replace(',', '.')));

test('a range inside the first chunk of amounts', async (page, base) => {
  await open(page, base, '?importo_min=10&importo_max=19,50&ordine=importo');
  assert.equal(await status(page), '10 risultati');
  assert.deepEqual(await amounts(page), [19.5, 18.5, 17.5, 16.5, 15.5, 14.5, 13.5, 12.5, 11.5, 10.5]);
});

test('a range across two chunks of amounts, bounds included', async (page, base) => {
  await open(page, base, '?importo_min=4090.5&importo_max=4100.5&ordine=importo');
  assert.equal(await status(page), '11 risultati, pagina 1 di 2');
  assert.equal((await amounts(page))[0], 4100.5);
  await open(page, base, '?importo_min=4095.5&importo_max=4096.5');
  assert.equal(await status(page), '2 risultati');
  await open(page, base, '?importo_min=4999');
  assert.equal(await status(page), '1 risultato');
  assert.deepEqual(await amounts(page), [4999.5]);
  await open(page, base, '?importo_max=0,50');
  assert.deepEqual(await amounts(page), [0.5]);
});

test('a range with words and a year, and the CSV of a thousand results', async (page, base) => {
  const all = await open(page, base, '?importo_min=1000&importo_max=1999.5');
  assert.match(await status(page), /^1\.000 risultati/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cerca-scarica')]);
  const lines = (await readFile(await download.path(), 'utf8')).split('\r\n').filter(Boolean);
  assert.equal(lines.length, 1001);
  const values = lines.slice(1).map((l) => Number(l.split('","')[3])).sort((a, b) => a - b);
  assert.equal(values[0], 1000.5);
  assert.equal(values.at(-1), 1999.5);
  await page.fill('#cerca-q', 'servizio');
  await page.press('#cerca-q', 'Enter');
  await settled(page, all);
  const n = Number((await status(page)).match(/^([\d.]+) risultat/)[1].replace('.', ''));
  assert.ok(n > 0 && n < 1000, await status(page));
  assert.ok((await amounts(page)).every((a) => a >= 1000 && a <= 1999.5));
  await open(page, base, '?importo_min=1000&importo_max=1999.5&anno_min=2025&anno_max=2025');
  const years = await page.$$eval('.cerca-dettagli', (ps) => ps.map((p) => p.textContent.match(/\d\d\/\d\d\/(\d{4})/)?.[1]));
  assert.ok(years.length && years.every((y) => y === '2025'), String(years));
});

test('an empty range says so and offers to drop its bounds', async (page, base) => {
  const before = await open(page, base, '?importo_min=6000');
  assert.equal(await status(page), 'Nessun risultato con i filtri scelti.');
  assert.deepEqual(await page.$$eval('#cerca-vuoto button', (bs) => bs.map((b) => b.textContent)), ['Togli «Importo da € 6.000,00»']);
  await page.click('#cerca-vuoto button');
  await settled(page, before);
  assert.equal(await status(page), 'Scrivi una parola, un CIG, una partita IVA o il nome di un fornitore.');
  assert.equal(await page.inputValue('#cerca-importo-min'), '');
});

await runTests(tests, site);
