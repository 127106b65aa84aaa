// varint: the LEB128 integers of every index file, as the Rust encoder writes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { varint } from '../../themes/default/static/js/decode.js';
import { readJson } from './inputs.mjs';

const { varints } = readJson('vectors.json');

test('the vectors cover every length boundary up to 3 bytes', () => {
  const values = varints.map(([v]) => v);
  for (const v of [0, 127, 128, 16383, 16384, 2097151, 2097152]) assert.ok(values.includes(v), `${v}`);
});

test('each value decodes from its bytes, and the position moves past them', () => {
  for (const [value, bytes] of varints) {
    const st = { pos: 0 };
    assert.equal(varint(Uint8Array.from(bytes), st), value, `bytes ${bytes}`);
    assert.equal(st.pos, bytes.length, `length of ${value}`);
  }
});

test('127 takes one byte, 128 two, 16383 two, 16384 three', () => {
  const length = (v) => varints.find(([x]) => x === v)[1].length;
  assert.deepEqual([127, 128, 16383, 16384].map(length), [1, 2, 2, 3]);
});

test('values written one after another read back in order', () => {
  const buf = Uint8Array.from(varints.flatMap(([, bytes]) => bytes));
  const st = { pos: 0 };
  assert.deepEqual(varints.map(() => varint(buf, st)), varints.map(([v]) => v));
  assert.equal(st.pos, buf.length);
});
