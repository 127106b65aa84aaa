// The amount and year ranges of a search. An amount range is a range of amount ranks
// (the distinct amounts, ascending, are in the a/ files; a doc's rank is in its s/ block);
// a year range is a choice of values of the year facet.

import { json, sortKey } from './decode.js';
import { load } from './index-files.js';

// How many distinct amounts are below `amount` (or, `inclusive`, not above it).
async function countBelow(m, amount, inclusive) {
  const firsts = m.amountFirst ?? [];
  if (!firsts.length) return 0;
  const before = (x) => (inclusive ? Number(x) <= amount : Number(x) < amount);
  let c = 0;
  while (c + 1 < firsts.length && before(firsts[c + 1])) c++;
  const values = await load(`a/${c}.bin`, json);
  let lo = 0; let hi = values.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (before(values[mid])) lo = mid + 1; else hi = mid; }
  return c * m.permChunk + lo;
}

/** The amount ranks [lo, hi] within the state's amount range, or null without one. */
export async function rankRange(m, ranges) {
  const min = ranges.importo_min; const max = ranges.importo_max;
  if (!min && !max) return null;
  const lo = min ? (await countBelow(m, Number(min), false)) + 1 : 1;
  const hi = max ? await countBelow(m, Number(max), true) : Infinity;
  return [lo, hi];
}

/** The docs of `set` (every doc when null) whose amount rank is in [lo, hi], with their scores. */
export async function withinAmounts(m, set, [lo, hi]) {
  const ids = set ? set.ids : Uint32Array.from({ length: m.docs }, (_, i) => i);
  const blocks = new Map();
  const wanted = new Set(Array.from(ids, (id) => Math.floor(id / m.sortBlock)));
  await Promise.all([...wanted].map(async (b) => blocks.set(b, await load(`s/${b}.bin`))));
  const kept = []; const scores = [];
  ids.forEach((id, i) => {
    const rank = sortKey(blocks.get(Math.floor(id / m.sortBlock)), id % m.sortBlock, 'importo');
    if (rank >= lo && rank <= hi) { kept.push(id); scores.push(set ? set.scores[i] : 0); }
  });
  return { ids: kept, scores, partial: set?.partial ?? null };
}

/** Whether a year (facet value id) is inside the state's year range. */
export const inYears = (ranges, year) => (!ranges.anno_min || year >= ranges.anno_min) && (!ranges.anno_max || year <= ranges.anno_max);

/** The facet choice a search applies: the year range narrows the chosen years (all years when none is). */
export function appliedFacets(m, state) {
  const ranges = state.ranges ?? {};
  if (!ranges.anno_min && !ranges.anno_max) return state.facets;
  const k = m.facets.indexOf('anno');
  if (k < 0) return state.facets;
  const chosen = state.facets.anno ?? [];
  const years = (chosen.length ? chosen : m.values[k].map(([id]) => id)).filter((y) => inYears(ranges, y));
  // No year left: a value no doc has, so that nothing passes.
  return { ...state.facets, anno: years.length ? years : ['-'] };
}
