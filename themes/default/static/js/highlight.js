// The words of a result that match the query, marked, and the part of its text around
// the first of them. Matching mirrors match.js: a word matches by its stem, and the word
// being typed (the last one, no space after it) also as a prefix.

import { words } from './analysis.js';
import { stem } from './stemmer.js';

/** What marks a word of a result: { stems: Set, prefix: folded word | null }. */
export function queryTerms(q) {
  const tokens = q.split(/\s+/).filter(Boolean);
  const typing = q !== '' && !/\s$/.test(q);
  const stems = new Set();
  let prefix = null;
  tokens.forEach((token, i) => {
    const ws = words(token);
    ws.forEach((w, j) => {
      stems.add(stem(w));
      if (typing && i === tokens.length - 1 && j === ws.length - 1 && w.length >= 3) prefix = w;
    });
  });
  return { stems, prefix };
}

const WORD = /[\p{L}\p{N}]+/gu;

function matches(word, terms) {
  const [w] = words(word);
  return w !== undefined && (terms.stems.has(stem(w)) || (terms.prefix !== null && w.startsWith(terms.prefix)));
}

/**
 * `text` as parts [{ text, mark }] with the matching words marked. With `chars`, only
 * about that many characters are kept, from a little before the first match (or from
 * the start), cut at spaces, with «…» where text was left out.
 */
export function highlight(text, terms, chars = Infinity) {
  const hits = [];
  if (terms.stems.size || terms.prefix) {
    for (const m of text.matchAll(WORD)) if (matches(m[0], terms)) hits.push([m.index, m.index + m[0].length]);
  }
  let from = 0; let to = text.length;
  if (text.length > chars) {
    if (hits.length && hits[0][0] > chars / 3) {
      from = text.indexOf(' ', hits[0][0] - Math.floor(chars / 4)) + 1;
      if (from <= 0 || from > hits[0][0]) from = hits[0][0];
    }
    to = Math.min(text.length, from + chars);
    if (to < text.length) {
      const space = text.lastIndexOf(' ', to);
      if (space > from) to = space;
    }
  }
  const parts = [];
  const push = (s, mark) => { if (s) parts.push({ text: s, mark }); };
  if (from > 0) push('…', false);
  let at = from;
  for (const [s, e] of hits) {
    if (s < from || e > to) continue;
    push(text.slice(at, s), false);
    push(text.slice(s, e), true);
    at = e;
  }
  push(text.slice(at, to), false);
  if (to < text.length && !text.slice(0, to).endsWith('…')) push('…', false);
  return parts;
}
