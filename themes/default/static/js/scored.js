// Scored doc sets: sorted ids with parallel scores, and the ways queries combine them.

export const EMPTY = { ids: new Uint32Array(0), scores: new Float64Array(0) };

/** Decoded postings as a scored set: `weight` per doc, `strongWeight` more where strong. */
export function scored({ ids, strong }, weight, strongWeight) {
  const scores = new Float64Array(ids.length).fill(weight);
  for (let i = 0, j = 0; i < ids.length && j < strong.length; i++) {
    if (ids[i] === strong[j]) { scores[i] += strongWeight; j++; }
  }
  return { ids, scores };
}

/** Docs in both sets get the sum of their scores; those of one set only are kept if asked. */
export function merge(a, b, keepA, keepB) {
  const ids = new Uint32Array(a.ids.length + b.ids.length);
  const scores = new Float64Array(ids.length);
  let i = 0; let j = 0; let n = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]; const y = b.ids[j];
    if (x === y) { ids[n] = x; scores[n++] = a.scores[i++] + b.scores[j++]; }
    else if (x < y) { if (keepA) { ids[n] = x; scores[n++] = a.scores[i]; } i++; }
    else { if (keepB) { ids[n] = y; scores[n++] = b.scores[j]; } j++; }
  }
  for (; keepA && i < a.ids.length; i++) { ids[n] = a.ids[i]; scores[n++] = a.scores[i]; }
  for (; keepB && j < b.ids.length; j++) { ids[n] = b.ids[j]; scores[n++] = b.scores[j]; }
  return { ids: ids.subarray(0, n), scores: scores.subarray(0, n) };
}

// `a` null: nothing combined yet.
export const union = (a, b) => (a ? merge(a, b, true, true) : b);
export const intersect = (a, b) => (a ? merge(a, b, false, false) : b);

/**
 * The docs matching the most of `sets`, scores summed over the sets they are in, with
 * `partial` = [sets matched, sets] (null when no doc matches any).
 */
export function mostTokens(sets) {
  const hits = new Map(); // id → [tokens matched, score]
  for (const set of sets) {
    set.ids.forEach((id, i) => {
      const h = hits.get(id) ?? [0, 0];
      hits.set(id, [h[0] + 1, h[1] + set.scores[i]]);
    });
  }
  let best = 0;
  for (const [n] of hits.values()) best = Math.max(best, n);
  const ids = [...hits.keys()].filter((id) => hits.get(id)[0] === best).sort((x, y) => x - y);
  return { ids: Uint32Array.from(ids), scores: Float64Array.from(ids, (id) => hits.get(id)[1]),
    partial: best ? [best, sets.length] : null };
}
