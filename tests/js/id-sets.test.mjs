// decodeSet and decodePostings: sorted id sets in both codings (delta and bitmap), as the
// Rust encoder chooses them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePostings, decodeSet } from '../../themes/default/static/js/decode.js';
import { readJson } from './inputs.mjs';

const { sets } = readJson('vectors.json');

test('the vectors hold both codings and the empty set', () => {
  assert.ok(sets.some(([, bytes]) => bytes[0] === 0), 'no delta-coded set');
  assert.ok(sets.some(([, bytes]) => bytes[0] === 1), 'no bitmap');
  assert.ok(sets.some(([ids]) => ids.length === 0), 'no empty set');
});

test('each set decodes to its ids, and the position moves past it', () => {
  for (const [ids, bytes] of sets) {
    const st = { pos: 0 };
    assert.deepEqual(Array.from(decodeSet(Uint8Array.from(bytes), st)), ids, `bytes ${bytes}`);
    assert.equal(st.pos, bytes.length);
  }
});

test('sets written one after another read back in order', () => {
  const buf = Uint8Array.from(sets.flatMap(([, bytes]) => bytes));
  const st = { pos: 0 };
  assert.deepEqual(sets.map(() => Array.from(decodeSet(buf, st))), sets.map(([ids]) => ids));
});

test('postings are two sets: every doc, then the strong ones', () => {
  const [all, allBytes] = sets.find(([ids]) => ids.length > 8);
  const [strong, strongBytes] = sets.find(([ids]) => ids.length === 0);
  const p = decodePostings(Uint8Array.from([...allBytes, ...strongBytes]));
  assert.deepEqual([Array.from(p.ids), Array.from(p.strong)], [all, strong]);
});
