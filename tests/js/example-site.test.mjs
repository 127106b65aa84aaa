// The decoders on the index of the example site (`vetro build` of this repository):
// each search record against the page's own JSON, then a search through the loader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeId, words } from '../../themes/default/static/js/analysis.js';
import { search } from '../../themes/default/static/js/search.js';
import { stem } from '../../themes/default/static/js/stemmer.js';
import { checkIndex, entryPostings, facetsOf, openIndex, shardEntries } from './index-check.mjs';
import { readJson, serveSite } from './inputs.mjs';

const index = openIndex('site');
const { rows } = index;
const page = (row) => readJson('site', row[2], 'index.json');
const dictionary = new Map(shardEntries(index).map((e) => [e.term, e]));
const postingsOf = (term) => {
  const e = dictionary.get(term);
  assert.ok(e, `${term} not in the dictionary`);
  return entryPostings(index, e);
};

test('every index file decodes as the Rust reader reads it', (t) => checkIndex(t, index));

test('a procedure\'s record and facets are those of its page', () => {
  const facets = facetsOf(index);
  const cigs = rows.map((row, id) => ({ row, id })).filter(({ row }) => row[0] === 'cig');
  assert.ok(cigs.length >= 5, `${cigs.length} procedures`);
  for (const { row, id } of cigs) {
    const p = page(row);
    assert.deepEqual(row.slice(1, 6), [p.oggetto, row[2], p.data, p.importo_aggiudicato, p.ente_nome], row[2]);
    const flagged = p.indicatori.totale > 0 ? 'si' : null;
    assert.deepEqual(facets[id], [String(p.anno), p.ente, p.procedura, p.categoria, 'cig', flagged], row[2]);
  }
});

test('an act\'s and a supplier\'s record are those of their pages', () => {
  const facets = facetsOf(index);
  rows.forEach((row, id) => {
    const p = page(row);
    if (row[0] === 'atto') {
      assert.deepEqual([row[1], row[3], row[5]], [p.oggetto, p.data, p.ente_nome], row[2]);
      assert.deepEqual([facets[id][0], facets[id][1], facets[id][4]], [p.data.slice(0, 4), p.ente, 'atto'], row[2]);
    } else if (row[0] === 'fornitore') {
      assert.deepEqual([row[1], row[4]], [p.denominazione, p.totale], row[2]);
      assert.equal(facets[id][4], 'fornitore', row[2]);
    }
  });
});

test('a CIG and a P.IVA are strong identifiers of their own pages', () => {
  rows.forEach((row, id) => {
    const p = page(row);
    const own = row[0] === 'cig' ? p.cig : row[0] === 'fornitore' ? p.partita_iva : null;
    if (!own) return;
    const { ids, strong } = postingsOf('#' + normalizeId(own));
    assert.ok(ids.includes(id) && strong.includes(id), `${own} → ${row[2]}`);
  });
});

// Not always as a strong term: a title word that the doc's text repeats is indexed with
// the text's flag (src/search/terms.rs, doc_terms keeps the first of the sorted pair).
test('every word of a title finds its doc', () => {
  rows.forEach((row, id) => {
    for (const w of words(row[1])) assert.ok(postingsOf(stem(w)).ids.includes(id), `${w} → ${row[2]}`);
  });
});

test('a search through the loader: a CIG first, a word, a year filter', async () => {
  serveSite('site');
  const ask = (q, facets = {}) => search({ q, ordine: 'rilevanza', pagina: 1, facets });
  const cig = await ask('B9538AC2B9');
  assert.equal(cig.rows[0][2], 'cig/B9538AC2B9/');
  const backup = await ask('backup ');
  assert.ok(backup.rows.some((r) => r[2] === 'cig/B9538AC2B9/'));
  const facets = facetsOf(index);
  const all = await ask('servizio ');
  const in2025 = await ask('servizio ', { anno: ['2025'] });
  const ids = (res) => res.rows.map((r) => rows.findIndex((x) => x[2] === r[2]));
  assert.ok(in2025.total > 0 && in2025.total < all.total, `${in2025.total} of ${all.total}`);
  assert.ok(ids(in2025).every((id) => facets[id][0] === '2025'));
  assert.deepEqual(new Set(ids(in2025)), new Set(ids(all).filter((id) => facets[id][0] === '2025')));
});
