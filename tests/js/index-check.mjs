// Checks shared by the tests of a whole built index (example site, bench index): each
// decoder on every file of its kind, against the Rust reader's view (rust-reader.json).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { decodeMeta, decodePostings, decodeRuns, decodeShard, json, permutationId, sortKey }
  from '../../themes/default/static/js/decode.js';
import { indexFile, input, readJson } from './inputs.mjs';

/** Everything a test needs of one site's index, decoded by the client's decoders. */
export function openIndex(site) {
  const m = decodeMeta(indexFile(site, 'cerca/meta.bin'));
  const table = decodeRuns(indexFile(site, 'cerca/runs.bin'), m.facets.length);
  const rust = readJson(site, 'rust-reader.json');
  const files = (dir) => readdirSync(input(site, 'cerca', dir)).sort((a, b) => parseInt(a) - parseInt(b));
  const rows = files('d').flatMap((f) => json(indexFile(site, 'cerca/d', f)));
  return { site, m, table, rust, rows, files };
}

/** Facet value ids of every doc, from the run table (null where none). */
export function facetsOf({ m, table }) {
  const f = m.facets.length;
  const out = [];
  for (let r = 0; r + 1 < table.runStart.length; r++) {
    const values = m.facets.map((_, k) => {
      const v = table.runTuple[r * f + k];
      return v ? m.values[k][v - 1][0] : null;
    });
    for (let id = table.runStart[r]; id < table.runStart[r + 1]; id++) out.push(values);
  }
  return out;
}

/** Every dictionary entry of every shard, with its shard number. */
export function shardEntries({ site, m }) {
  return m.shards.flatMap((_, n) => decodeShard(indexFile(site, `cerca/t/${n}.bin`)).map((e) => ({ ...e, shard: n })));
}

/** Decoded postings of an entry, inline or from its p/ file. */
export const entryPostings = ({ site }, e) => decodePostings(e.inline ?? indexFile(site, `cerca/p/${e.file}.bin`));

const DAY = 86400000;
/** Sort key of a row: date as days since 1950-01-01 + 1 (0 = none). */
export const dateKey = (row) => (row[3] ? (Date.parse(`${row[3]}T00:00:00Z`) - Date.UTC(1950, 0, 1)) / DAY + 1 : 0);

/** Amount ranks: dense, 1 = smallest amount, 0 = none. */
export function amountRanks(rows) {
  const cents = (s) => BigInt(s.replace('.', ''));
  const distinct = [...new Set(rows.filter((r) => r[4]).map((r) => r[4]))].sort((a, b) => {
    const d = cents(a) - cents(b);
    return d < 0n ? -1 : Number(d > 0n);
  });
  const rank = new Map(distinct.map((a, i) => [a, i + 1]));
  return rows.map((r) => (r[4] ? rank.get(r[4]) : 0));
}

/** Doc ids ordered by a key, descending, ties by id: what the o/ permutations hold. */
export const byKeyDesc = (keys) => keys.map((_, id) => id).sort((x, y) => keys[y] - keys[x] || x - y);

/** The checks every index passes; `t` is the node:test context. */
export async function checkIndex(t, index) {
  const { site, m, rust, rows, files } = index;

  await t.test('meta.bin: doc count and block sizes', () => {
    assert.equal(m.docs, rust.docs);
    assert.equal(rows.length, m.docs);
    assert.deepEqual([m.metaBlock, m.sortBlock, m.permChunk], [16, 128, 4096]);
  });

  await t.test('runs.bin: every doc has the facet values the Rust reader finds', () => {
    assert.deepEqual(facetsOf(index), rust.facets);
  });

  await t.test('d/: every row as the Rust reader reads it', () => {
    assert.deepEqual(rows, rust.rows);
  });

  await t.test('t/: shards sorted, first terms as listed, df = decoded ids, strong within all', () => {
    const entries = shardEntries(index);
    assert.ok(entries.length > 0);
    for (const [n, first] of m.shards.entries()) assert.equal(entries.find((e) => e.shard === n)?.term, first);
    for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1].term < entries[i].term, entries[i].term);
    for (const e of entries) {
      const p = entryPostings(index, e);
      assert.equal(p.ids.length, e.df, e.term);
      assert.ok(p.ids.every((id, i) => id < m.docs && (i === 0 || id > p.ids[i - 1])), e.term);
      const all = new Set(p.ids);
      assert.ok(p.strong.every((id) => all.has(id)), e.term);
    }
  });

  await t.test('t/ and p/: postings of the sampled terms as the Rust reader decodes them', () => {
    const entries = new Map(shardEntries(index).map((e) => [e.term, e]));
    const sampled = Object.entries(rust.postings);
    assert.ok(sampled.length > 0);
    for (const [term, want] of sampled) {
      const e = m.hotEntries.get(term) ?? entries.get(term);
      assert.ok(e, `${term} not in the dictionary`);
      const p = entryPostings(index, e);
      assert.deepEqual({ all: Array.from(p.ids), strong: Array.from(p.strong) }, want, term);
    }
  });

  await t.test('s/: date keys and amount ranks of every doc', () => {
    const ranks = amountRanks(rows);
    for (const f of files('s')) {
      const block = parseInt(f);
      const buf = indexFile(site, 'cerca/s', f);
      for (let slot = 0; slot < buf.length / 5; slot++) {
        const id = block * m.sortBlock + slot;
        assert.equal(sortKey(buf, slot, 'data'), dateKey(rows[id]), `date of ${id}`);
        assert.equal(sortKey(buf, slot, 'importo'), ranks[id], `amount of ${id}`);
      }
    }
  });

  await t.test('o/: permutations list every doc by key, descending, ties by id', () => {
    const keys = { data: rows.map(dateKey), importo: amountRanks(rows) };
    for (const key of ['data', 'importo']) {
      const chunks = Math.ceil(m.docs / m.permChunk);
      const ids = [];
      for (let c = 0; c < chunks; c++) {
        const buf = indexFile(site, `cerca/o/${key}-${c}.bin`);
        assert.equal(keys[key][permutationId(buf, 0)], m.permFirst[key][c], `first key of ${key}-${c}`);
        for (let i = 0; 3 * i < buf.length; i++) ids.push(permutationId(buf, i));
      }
      assert.deepEqual(ids, byKeyDesc(keys[key]), key);
    }
  });
}
