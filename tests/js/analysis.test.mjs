// fold, words, normalizeId and the stemmer against the Rust analyzer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fold, normalizeId, words } from '../../themes/default/static/js/analysis.js';
import { stem } from '../../themes/default/static/js/stemmer.js';
import { readJson } from './inputs.mjs';

const { texts, stems } = readJson('vectors.json');

test('fold, words and identifiers as the Rust analyzer makes them', () => {
  for (const t of texts) {
    assert.equal(fold(t.text), t.fold, t.text);
    assert.deepEqual(words(t.text), t.words, t.text);
    assert.equal(normalizeId(t.text), t.id, t.text);
  }
});

test('the JS stemmer agrees with the Rust one on the whole word list', () => {
  const list = Object.entries(stems);
  assert.ok(list.length > 300, `word list too short: ${list.length}`);
  const wrong = list.filter(([w, s]) => stem(w) !== s).map(([w, s]) => `${w}: rust ${s}, js ${stem(w)}`);
  assert.deepEqual(wrong, []);
});
