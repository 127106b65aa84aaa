// A search: the matches of the query's text, filtered and counted by facet, ordered, and
// the rows of the page asked for.

import { words } from './analysis.js';
import { json } from './decode.js';
import { facetPass } from './facets.js';
import { load, meta, rows, runs } from './index-files.js';
import { match } from './match.js';
import { appliedFacets, rankRange, withinAmounts } from './ranges.js';
import { maxDateKey, topBy } from './sort.js';
import { stem } from './stemmer.js';

export const PER_PAGE = 10;

// Timeline marks for benches/search_bench.mjs --detail.
export const mark = (name) => performance.mark(`cerca:${name}`);

// A frequent word alone is the commonest query: the index holds the rows of its first
// page of results (r/<postings file>.bin, relevance order), fetched with its postings.
function firstPage(m, state) {
  if (state.pagina !== 1 || state.ordine !== 'rilevanza' || !(m.firstPage >= PER_PAGE)) return null;
  const tokens = state.q.split(/\s+/).filter(Boolean);
  const ws = tokens.length === 1 ? words(tokens[0]) : [];
  const entry = ws.length === 1 ? m.hotEntries.get(stem(ws[0])) : undefined;
  if (!entry) return null;
  const path = `r/${entry.file}.bin`;
  load(path, json);
  return { entry, path };
}

/**
 * Runs a query: { q, ordine, pagina, facets: {name: [ids]}, ranges } → { total, rows, counts }.
 * With `all`, the rows are those of every result, in order, not of one page.
 */
export async function search(state, { all = false } = {}) {
  const m = await meta();
  const table = runs(m); // preloaded with the page; needed once the matches are known
  mark('meta');
  const facets = appliedFacets(m, state);
  const amounts = rankRange(m, state.ranges ?? {}); // its a/ file comes with the dictionary
  const anyFacet = Object.values(facets).some((v) => v.length);
  let set = state.q.trim() ? await match(m, state.q) : null;
  const range = await amounts;
  const first = anyFacet || range ? null : firstPage(m, state);
  mark('match');
  if (!set && !anyFacet && !range) return { m, total: 0, rows: [], counts: null, empty: true };
  if (range) set = await withinAmounts(m, set, range);
  // Without filters every match is a result: the counts can wait for the result rows.
  const filtered = anyFacet || !set ? facetPass(m, await table, set, facets) : null;
  const { ids, scores } = filtered ?? set;
  const k = all ? ids.length : state.pagina * PER_PAGE;
  let top;
  if (state.ordine === 'data' || state.ordine === 'importo') {
    top = await topBy(m, state.ordine, ids, k, state.ordine === 'data' ? maxDateKey(facets) : Infinity);
  } else if (!scores) {
    top = ids.slice(0, k); // browsing: equal scores, ids ascending
  } else {
    const order = ids.map((_, i) => i).sort((x, y) => scores[y] - scores[x] || ids[x] - ids[y]);
    top = order.slice(0, k).map((i) => ids[i]);
  }
  const shown = all ? top : top.slice(k - PER_PAGE);
  mark('top');
  // The stored first page holds these very rows only if the term alone made the matches.
  const fetched = first && !all && set.only === first.entry
    ? load(first.path, json).then((r) => r.slice(0, PER_PAGE)) : rows(m, shown);
  const counts = filtered ? filtered.counts : facetPass(m, await table, set, {}).counts;
  return { m, total: ids.length, rows: await fetched, counts, empty: false, partial: set?.partial ?? null };
}
