// Fetches the index files under cerca/ (gzip-framed, decompressed here) once each, and
// finds terms in the dictionary. The site root is found from this module's own address,
// so the client works under any sub-path.

import { decodeMeta, decodeRuns, decodeShard, json } from './decode.js';

const BASE = new URL('../../cerca/', import.meta.url);
export const ROOT = new URL('../', BASE);

const cache = new Map();

/** The bytes of cerca/<path>, through `parse`; one request per path per visit. */
export function load(path, parse = (b) => b) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, BASE)).then(async (res) => {
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      const stream = res.body.pipeThrough(new DecompressionStream('gzip'));
      return parse(new Uint8Array(await new Response(stream).arrayBuffer()));
    }));
  }
  return cache.get(path);
}

export const meta = () => load('meta.bin', decodeMeta);
export const runs = (m) => load('runs.bin', (buf) => decodeRuns(buf, m.facets.length));
const shard = (n) => load(`t/${n}.bin`, decodeShard);

function shardOf(m, term) {
  let lo = 0; let hi = m.shards.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (m.shards[mid] <= term) lo = mid + 1; else hi = mid; }
  return lo - 1;
}

/** The dictionary entry of a term, or null. */
export async function entry(m, term) {
  if (m.hotEntries.has(term)) return m.hotEntries.get(term);
  const n = shardOf(m, term);
  if (n < 0) return null;
  return (await shard(n)).find((e) => e.term === term) ?? null;
}

/** The `limit` most frequent terms starting with `prefix` (in at most 3 shards). */
export async function prefixEntries(m, prefix, limit) {
  const first = Math.max(0, shardOf(m, prefix));
  const last = Math.min(shardOf(m, prefix + '\uffff'), first + 2);
  const shards = [];
  for (let n = first; n <= last; n++) shards.push(shard(n));
  const found = (await Promise.all(shards)).flat().filter((e) => e.term.startsWith(prefix));
  return found.sort((x, y) => y.df - x.df).slice(0, limit);
}

/** The postings bytes of a dictionary entry: inline in its shard, or its p/ file. */
export const postingsBytes = (e) => e.inline ?? load(`p/${e.file}.bin`);

/** Result rows of some doc ids, in their order. */
export async function rows(m, ids) {
  return Promise.all(Array.from(ids, async (id) => {
    const block = await load(`d/${Math.floor(id / m.metaBlock)}.bin`, json);
    return block[id % m.metaBlock];
  }));
}
