// Facet filters and counts over the run table (doc id → facet values).

/**
 * Applies facet filters (`selected`: {facet: [value ids]}) to a scored set, or to every
 * doc when `set` is null, and counts values (each facet counted with the other facets'
 * filters only). Returns the kept ids and scores (null for every doc), and the counts:
 * per facet, per value number (value index + 1; 0 = none).
 */
export function facetPass(m, table, set, selected) {
  const { runStart, runTuple } = table;
  const f = m.facets.length;
  const wanted = m.facets.map((name, k) => {
    const chosen = selected[name] ?? [];
    // A value the index does not have matches no doc (-1 is no value number).
    const number = (v) => { const i = m.values[k].findIndex((x) => x[0] === v); return i < 0 ? -1 : i + 1; };
    return chosen.length ? new Set(chosen.map(number)) : null;
  });
  const counts = m.facets.map((_, k) => new Uint32Array(m.values[k].length + 1));
  // Adds n docs of run r to the counts; true when the run passes every filter.
  const count = (r, n) => {
    let fails = 0; let failed = -1;
    for (let k = 0; k < f; k++) {
      if (wanted[k] && !wanted[k].has(runTuple[r * f + k])) { fails++; failed = k; }
    }
    if (fails === 0) for (let k = 0; k < f; k++) counts[k][runTuple[r * f + k]] += n;
    else if (fails === 1) counts[failed][runTuple[r * f + failed]] += n;
    return fails === 0;
  };
  const ids = []; const scores = [];
  if (!set) { // every doc (browsing by facets): whole runs at a time
    for (let r = 0; r + 1 < runStart.length; r++) {
      if (count(r, runStart[r + 1] - runStart[r])) for (let id = runStart[r]; id < runStart[r + 1]; id++) ids.push(id);
    }
    return { ids, scores: null, counts };
  }
  let r = 0;
  for (let i = 0; i < set.ids.length; i++) {
    const id = set.ids[i];
    while (runStart[r + 1] <= id) r++;
    if (count(r, 1)) { ids.push(id); scores.push(set.scores[i]); }
  }
  return { ids, scores, counts };
}
