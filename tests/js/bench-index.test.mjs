// The decoders and the query code on a bench index (examples/search_bench.rs, thousands
// of docs: bitmaps, p/ postings files, hot terms with first pages, several permutation
// chunks), against the Rust reader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { facetPass } from '../../themes/default/static/js/facets.js';
import { intersect, merge, mostTokens, scored, union } from '../../themes/default/static/js/scored.js';
import { search } from '../../themes/default/static/js/search.js';
import { topBy } from '../../themes/default/static/js/sort.js';
import { json } from '../../themes/default/static/js/decode.js';
import { stem } from '../../themes/default/static/js/stemmer.js';
import { amountRanks, byKeyDesc, checkIndex, dateKey, entryPostings, facetsOf, openIndex } from './index-check.mjs';
import { indexFile, serveSite } from './inputs.mjs';

const index = openIndex('bench');
const { m, table, rust, rows } = index;
const hot = [...m.hotEntries.values()].sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
const postings = (e) => entryPostings(index, e);
serveSite('bench');

test('the bench index is big enough to hold what the site\'s does not', () => {
  assert.ok(m.docs > 16384, `${m.docs} docs`);
  assert.ok(hot.length > 20, `${hot.length} hot terms`);
  assert.ok(m.docs > 2 * m.permChunk);
  const tags = hot.map((e) => (e.inline ?? indexFile('bench', `cerca/p/${e.file}.bin`))[0]);
  assert.ok(tags.includes(0) && tags.includes(1), 'postings in both codings');
});

test('every index file decodes as the Rust reader reads it', (t) => checkIndex(t, index));

// Reference combinations, on plain maps.
const asMap = (set) => new Map(Array.from(set.ids, (id, i) => [id, set.scores[i]]));
const fromSet = (set) => [Array.from(set.ids), Array.from(set.scores)];
function reference(a, b, keepA, keepB) {
  const x = asMap(a); const y = asMap(b);
  const ids = [...new Set([...x.keys(), ...y.keys()])].sort((p, q) => p - q)
    .filter((id) => (x.has(id) && y.has(id)) || (keepA && x.has(id)) || (keepB && y.has(id)));
  return [ids, ids.map((id) => (x.get(id) ?? 0) + (y.get(id) ?? 0))];
}

test('scored: postings weighted, strong docs weighted more', () => {
  const p = postings(hot[0]);
  const set = scored(p, 1, 2);
  const strong = new Set(p.strong);
  assert.deepEqual(Array.from(set.scores), Array.from(p.ids, (id) => (strong.has(id) ? 3 : 1)));
});

test('merge, union and intersect on real postings, and with an empty set', () => {
  const empty = scored({ ids: new Uint32Array(0), strong: new Uint32Array(0) }, 1, 1);
  for (let i = 0; i + 1 < 12; i++) {
    const a = scored(postings(hot[i]), 1.5, 2); const b = scored(postings(hot[i + 1]), 0.25, 4);
    for (const [keepA, keepB] of [[true, true], [false, false], [true, false], [false, true]]) {
      assert.deepEqual(fromSet(merge(a, b, keepA, keepB)), reference(a, b, keepA, keepB), `${hot[i].term} ${keepA} ${keepB}`);
    }
    assert.deepEqual(fromSet(union(a, b)), reference(a, b, true, true));
    assert.deepEqual(fromSet(intersect(a, b)), reference(a, b, false, false));
    assert.equal(intersect(null, a), a);
    assert.deepEqual(fromSet(intersect(a, empty)), [[], []]);
    assert.deepEqual(fromSet(union(empty, a)), fromSet(a));
  }
});

test('mostTokens: the docs matching the most sets, scores summed', () => {
  const sets = hot.slice(0, 3).map((e) => scored(postings(e), 1, 0));
  const res = mostTokens(sets);
  const hits = new Map();
  for (const s of sets) for (const id of s.ids) hits.set(id, (hits.get(id) ?? 0) + 1);
  const best = Math.max(...hits.values());
  assert.deepEqual(Array.from(res.ids), [...hits.keys()].filter((id) => hits.get(id) === best).sort((a, b) => a - b));
  assert.ok(Array.from(res.scores).every((s) => s === best));
  assert.deepEqual(res.partial, [best, 3]);
  assert.equal(mostTokens([]).partial, null);
});

test('facetPass: filters and counts as counted from the Rust reader\'s facets', () => {
  const facets = rust.facets;
  const set = scored(postings(hot[0]), 1, 0);
  const year = m.values[0][1][0]; const kind = m.values[4][0][0];
  const selected = { anno: [year], tipo: [kind] };
  const res = facetPass(m, table, set, selected);
  const passes = (id, skip) => m.facets.every((name, k) => k === skip || !selected[name] || selected[name].includes(facets[id][k]));
  assert.deepEqual(res.ids, Array.from(set.ids).filter((id) => passes(id, -1)));
  m.facets.forEach((name, k) => {
    const want = new Array(m.values[k].length + 1).fill(0);
    for (const id of set.ids) if (passes(id, k)) want[facets[id][k] ? m.values[k].findIndex((v) => v[0] === facets[id][k]) + 1 : 0]++;
    assert.deepEqual(Array.from(res.counts[k]), want, name);
  });
  const browse = facetPass(m, table, null, { anno: [year] });
  assert.equal(browse.scores, null);
  assert.deepEqual(browse.ids, facets.map((f, id) => id).filter((id) => facets[id][0] === year));
});

test('topBy: the first docs by date and amount, from sort keys and from permutations', async () => {
  const keys = { data: rows.map(dateKey), importo: amountRanks(rows) };
  const few = Array.from(postings(hot.at(-1)).ids); // small: read from the s/ blocks
  const many = Array.from(postings(hot[0]).ids); // large: walk the o/ chunks
  for (const key of ['data', 'importo']) {
    const order = byKeyDesc(keys[key]);
    for (const ids of [few, many]) {
      const member = new Set(ids);
      assert.deepEqual(await topBy(m, key, ids, 30, Infinity), order.filter((id) => member.has(id)).slice(0, 30), key);
    }
  }
});

test('search: the results of the Rust reader, first page and total', async () => {
  const queries = Object.entries(rust.searches);
  assert.ok(queries.length >= 20);
  for (const [q, want] of queries) {
    const res = await search({ q: `${q} `, ordine: 'rilevanza', pagina: 1, facets: {} });
    assert.equal(res.total, want.total, q);
    assert.deepEqual(res.rows, want.first.map((id) => rust.rows[id]), q);
  }
});

test('r/: the first page stored with a hot term is its first page of results', () => {
  // A hot term that is its own stem: the one-word query of it looks up that very term.
  const own = Object.entries(rust.searches).filter(([q]) => !q.includes(' ') && stem(q) === q);
  assert.ok(own.length >= 5, `${own.length} hot terms that are their own stems`);
  for (const [q, want] of own) {
    const e = m.hotEntries.get(q);
    assert.ok(e, q);
    assert.deepEqual(json(indexFile('bench', `cerca/r/${e.file}.bin`)), want.first.map((id) => rust.rows[id]), q);
  }
});

test('facetsOf agrees with facetPass counts over every doc', () => {
  const browse = facetPass(m, table, null, {});
  const facets = facetsOf(index);
  assert.equal(browse.ids.length, m.docs);
  assert.equal(Array.from(browse.counts[0]).reduce((a, b) => a + b, 0), facets.length);
});
