// Docs matching a query's text: per token its words (stem, or prefix while typed) or the
// token as an identifier. Every lookup starts at once: each one is a chain of requests
// (shard, then postings).

import { normalizeId, words } from './analysis.js';
import { decodePostings } from './decode.js';
import { entry, load, postingsBytes, prefixEntries } from './index-files.js';
import { EMPTY, intersect, merge, mostTokens, scored, union } from './scored.js';
import { stem } from './stemmer.js';

// A scored doc set of one dictionary entry.
const postings = async (e, weight, strongWeight) => scored(decodePostings(await postingsBytes(e)), weight, strongWeight);

// Docs matching one typed token: all its words (stem or, for the word being typed, a
// prefix), or the token as an exact identifier. null when the token is only stop words.
async function tokenSet(m, token, typing) {
  const ws = words(token);
  const id = normalizeId(token);
  const idSet = maybeId(m, id) ? entry(m, '#' + id).then((e) => e && postings(e, 1000, 1000)) : null;
  const sets = ws.map((w, i) => wordSet(m, w, typing && i === ws.length - 1 && w.length >= 3));
  let text = null;
  for (const set of await Promise.all(sets)) text = intersect(text, set);
  const ident = await idSet;
  if (!ws.length && !ident) return null;
  return ident ? union(text ?? EMPTY, ident) : (text ?? EMPTY);
}

// Identifiers nearly always hold a digit; meta.bin lists those that do not.
const maybeId = (m, id) => id && (/\p{N}/u.test(id) || !m.plainIds || m.plainIds.includes('#' + id));

const idf = (m, df) => Math.log(1 + m.docs / Math.max(df, 1));

// Docs matching one word by its stem, or also (while typed) as a prefix of the 8 most
// frequent terms starting with it, at half weight.
async function wordSet(m, w, prefix) {
  if (prefix) prefetchHot(m, w);
  const found = entry(m, stem(w)); // its postings must not wait for the prefix shards
  const exact = found.then((e) => (e ? postings(e, idf(m, e.df), 2 * idf(m, e.df)) : EMPTY));
  const [e, more] = await Promise.all([found, prefix ? prefixEntries(m, w, 8) : []]);
  const extra = more.filter((p) => p.term !== e?.term)
    .map((p) => postings(p, idf(m, p.df) / 2, idf(m, p.df)));
  let set = await exact;
  if (e && !extra.length) set.only = e; // the docs of this one term, nothing merged in
  for (const x of await Promise.all(extra)) set = merge(set, x, true, true);
  return set;
}

// The most frequent terms with a prefix are the first of its expansion: start fetching
// their postings while the shards that list every term with the prefix are loading.
function prefetchHot(m, prefix) {
  m.hot.filter(([term]) => term.startsWith(prefix)).sort((x, y) => y[1] - x[1]).slice(0, 8)
    .forEach(([, , file]) => load(`p/${file}.bin`));
}

/**
 * Docs matching every token of `q`; when none does, the docs matching the most tokens,
 * with `partial` = [tokens matched, tokens] (scores summed over the matched tokens).
 */
export async function match(m, q) {
  const tokens = q.split(/\s+/).filter(Boolean);
  const typing = !/\s$/.test(q);
  const sets = (await Promise.all(tokens.map((t, i) => tokenSet(m, t, typing && i === tokens.length - 1))))
    .filter(Boolean);
  let acc = null;
  for (const set of sets) acc = intersect(acc, set);
  return acc?.ids.length || sets.length < 2 ? acc : mostTokens(sets);
}
