// Decoders of the index files' bytes (format: docs/search.md, "Files"). Each reads a
// decompressed buffer; `st.pos` is the read position, advanced past what was read.

const utf8 = new TextDecoder();

/** An unsigned LEB128 varint (exact up to 2^53). */
export function varint(buf, st) {
  let v = 0; let mul = 1; let b;
  do { b = buf[st.pos++]; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
  return v;
}

/** A sorted id set: tag 0 (count, then gaps id - previous - 1) or tag 1 (first id, byte length, bitmap). */
export function decodeSet(buf, st) {
  const tag = buf[st.pos++];
  if (tag === 0) {
    const n = varint(buf, st);
    const ids = new Uint32Array(n);
    for (let i = 0, next = 0; i < n; i++) { ids[i] = next + varint(buf, st); next = ids[i] + 1; }
    return ids;
  }
  const first = varint(buf, st);
  const len = varint(buf, st);
  const out = [];
  for (let j = 0; j < len; j++) {
    const byte = buf[st.pos + j];
    for (let b = 0; b < 8; b++) if (byte & (1 << b)) out.push(first + j * 8 + b);
  }
  st.pos += len;
  return Uint32Array.from(out);
}

/** Postings: the id set of every doc holding the term, then that of the strong ones. */
export function decodePostings(buf) {
  const st = { pos: 0 };
  const ids = decodeSet(buf, st);
  return { ids, strong: decodeSet(buf, st) };
}

export const json = (buf) => JSON.parse(utf8.decode(buf));

/** meta.bin, with its frequent terms as dictionary entries (postings in p/<file>.bin, no shard). */
export function decodeMeta(buf) {
  const m = json(buf);
  m.hotEntries = new Map(m.hot.map(([term, df, file]) => [term, { term, df, inline: null, file }]));
  return m;
}

/**
 * runs.bin for `f` facets: runStart[r] is the first doc id of run r (runStart[count] = N),
 * runTuple[r*f+k] the value number of facet k (value index + 1, 0 = none).
 */
export function decodeRuns(buf, f) {
  const st = { pos: 0 };
  const count = varint(buf, st);
  const runStart = new Uint32Array(count + 1);
  const runTuple = new Uint16Array(count * f);
  for (let r = 0, at = 0; r < count; r++) {
    runStart[r] = at;
    at += varint(buf, st);
    const changed = varint(buf, st); // facets before it repeat the previous run's values
    for (let k = 0; k < f; k++) runTuple[r * f + k] = k < changed ? runTuple[(r - 1) * f + k] : varint(buf, st);
    runStart[r + 1] = at;
  }
  return { runStart, runTuple };
}

/** A dictionary shard: entries { term, df, inline (postings bytes) | null, file (p/ number) | -1 }. */
export function decodeShard(buf) {
  const st = { pos: 0 };
  const count = varint(buf, st);
  const entries = [];
  let prev = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const shared = varint(buf, st);
    const len = varint(buf, st);
    const bytes = new Uint8Array(shared + len);
    bytes.set(prev.subarray(0, shared));
    bytes.set(buf.subarray(st.pos, st.pos + len), shared);
    st.pos += len;
    prev = bytes;
    const df = varint(buf, st);
    const inline = varint(buf, st);
    const e = { term: utf8.decode(bytes), df, inline: null, file: -1 };
    if (inline > 0) { e.inline = buf.subarray(st.pos, st.pos + inline); st.pos += inline; }
    else e.file = varint(buf, st);
    entries.push(e);
  }
  return entries;
}

/** Sort key of the doc at `slot` of an s/ block: date key (u16 LE) or amount rank (u24 LE). */
export function sortKey(buf, slot, key) {
  const o = slot * 5;
  return key === 'data' ? buf[o] | (buf[o + 1] << 8) : buf[o + 2] | (buf[o + 3] << 8) | (buf[o + 4] << 16);
}

/** The doc id at entry `i` of a permutation chunk (o/): 3 bytes LE each. */
export const permutationId = (buf, i) => buf[3 * i] | (buf[3 * i + 1] << 8) | (buf[3 * i + 2] << 16);
