// Result order by date or amount: from the sort-key blocks (s/) of the matches, or by
// walking the permutation chunks (o/), whichever is estimated to download less.

import { permutationId, sortKey } from './decode.js';
import { load } from './index-files.js';

/** Upper bound of the date key of docs in the selected years (no bound without a year filter). */
export function maxDateKey(facets) {
  const years = (facets.anno ?? []).map(Number).filter(Number.isFinite);
  if (!years.length) return Infinity;
  return (Date.UTC(Math.max(...years), 11, 31) - Date.UTC(1950, 0, 1)) / 86400000 + 1;
}

/** Ids of the first `k` of `ids` sorted by a key ('data' or 'importo'), descending, ties by id. */
export async function topBy(m, key, ids, k, maxKey) {
  // Chunks hold keys in descending order: skip those whose keys all exceed maxKey.
  const firsts = m.permFirst[key];
  let startChunk = 0;
  while (startChunk + 1 < firsts.length && firsts[startChunk + 1] > maxKey) startChunk++;
  const n = m.docs - startChunk * m.permChunk;
  const blocks = new Set();
  for (const id of ids) blocks.add(Math.floor(id / m.sortBlock));
  const columnBytes = blocks.size * m.sortBlock * 5;
  const permBytes = (Math.ceil((k * n) / Math.max(ids.length, 1) / m.permChunk) + 1) * m.permChunk * 3;
  if (columnBytes <= permBytes) {
    const cols = new Map();
    await Promise.all([...blocks].map(async (b) => cols.set(b, await load(`s/${b}.bin`))));
    const value = (id) => sortKey(cols.get(Math.floor(id / m.sortBlock)), id % m.sortBlock, key);
    return [...ids].sort((x, y) => value(y) - value(x) || x - y).slice(0, k);
  }
  const member = new Uint8Array(m.docs);
  for (const id of ids) member[id] = 1;
  // Fetch the chunks expected to hold the page at once; more follow one by one if needed.
  // Matches cluster (by year, body...), so allow for twice the uniform estimate.
  const expected = 2 * Math.ceil((k * n) / Math.max(ids.length, 1) / m.permChunk) + 1;
  const chunks = Math.ceil(m.docs / m.permChunk);
  for (let c = startChunk; c < Math.min(chunks, startChunk + expected); c++) load(`o/${key}-${c}.bin`);
  const out = [];
  for (let c = startChunk; c * m.permChunk < m.docs && out.length < k; c++) {
    const buf = await load(`o/${key}-${c}.bin`);
    for (let i = 0; 3 * i < buf.length && out.length < k; i++) {
      const id = permutationId(buf, i);
      if (member[id]) out.push(id);
    }
  }
  return out;
}
