// vetro search client, the search page's module: reads the static index under /cerca/
// (format: docs/search.md) and shows the results. Dependency-free ES modules, no build
// step; the analysis mirrors src/search/analysis.rs.

import { mark, search } from './search.js';
import { RANGES, parseAmount, parseYear, readState, stateUrl } from './page-state.js';
import { download, resultsCsv } from './csv.js';
import { ROOT } from './index-files.js';
import { activeFilters, renderEmpty, renderFacets, renderPages, renderResults, statusText } from './render.js';

// What tests and tools call: the analysis, the search and the formats.
export { fold, normalizeId, words } from './analysis.js';
export { stem } from './stemmer.js';
export { search } from './search.js';
export { formatAmount, formatCount, formatDate } from './format.js';

async function init() {
  const form = document.getElementById('cerca-form');
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const input = $('cerca-q'); const order = $('cerca-ordine');
  const status = $('cerca-stato');
  // The filters are a sidebar on wide screens (always open), a closed <details> on phones.
  const filters = $('cerca-filtri');
  const wide = matchMedia('(min-width: 62rem)');
  const fit = () => { if (filters && wide.matches) filters.open = true; };
  fit();
  wide.addEventListener('change', fit);
  mark('init');
  let state = readState(null);
  let seq = 0;
  const save = $('cerca-scarica');
  // Drops one filter of the empty state, then takes the reader to the results.
  const drop = async (apply) => {
    apply(state);
    state.pagina = 1;
    sync();
    await run(true);
    $('cerca-esiti')?.focus();
  };
  const run = async (push) => {
    const mine = ++seq;
    if (push !== null) history[push ? 'pushState' : 'replaceState'](null, '', stateUrl(state));
    try {
      const res = await search(state);
      if (mine !== seq) return;
      // Re-rendering replaces the focused checkbox or page link: give focus back by id.
      const focused = document.activeElement?.id;
      renderFacets($('cerca-faccette'), res, state, run);
      renderResults($('cerca-risultati'), res, state.q);
      renderEmpty($('cerca-vuoto'), res, state, drop);
      renderPages($('cerca-pagine'), res, state, run);
      status.textContent = statusText(res, state);
      if (save) save.hidden = !(res.total > 0);
      // Closed on a phone, the filters' summary still says how many are set.
      const summary = filters?.querySelector('summary');
      if (summary) {
        const n = activeFilters(res.m, state).length;
        summary.textContent = n ? `Filtri (${n === 1 ? '1 attivo' : `${n} attivi`})` : 'Filtri';
      }
      if (focused && document.activeElement?.id !== focused) document.getElementById(focused)?.focus();
      mark('rendered');
      document.documentElement.dataset.cercaMs = String(Math.round(performance.now()));
      document.documentElement.dataset.cercaPronto = String(mine);
    } catch (err) {
      if (mine === seq) status.textContent = 'La ricerca non è disponibile in questo momento.';
      throw err;
    }
  };
  // The amount and year ranges: inputs named as their address parameters.
  const ranges = $('cerca-intervalli');
  const rangeInput = (name) => ranges?.elements.namedItem(name);
  const sync = () => {
    input.value = state.q; order.value = state.ordine;
    for (const name of RANGES) {
      const field = rangeInput(name);
      if (field) { field.value = state.ranges[name]; field.removeAttribute('aria-invalid'); }
    }
  };
  const readRanges = () => {
    const next = {};
    for (const name of RANGES) {
      const field = rangeInput(name);
      if (!field) continue;
      next[name] = (name.startsWith('anno') ? parseYear : parseAmount)(field.value);
      field.setAttribute('aria-invalid', String(field.value.trim() !== '' && next[name] === ''));
    }
    return next;
  };
  ranges?.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.ranges = readRanges();
    state.pagina = 1;
    run(true);
  });
  ranges?.addEventListener('change', () => {
    const next = readRanges();
    if (RANGES.every((name) => next[name] === state.ranges[name])) return;
    state.ranges = next;
    state.pagina = 1;
    run(true);
  });
  sync();
  form.addEventListener('submit', (ev) => { ev.preventDefault(); state.q = input.value; state.pagina = 1; run(true); });
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = input.value; state.pagina = 1; run(false); }, 200);
  });
  order.addEventListener('change', () => { state.ordine = order.value; state.pagina = 1; run(true); });
  // Every result, not only the page shown: the rows come from the index's d/ blocks.
  save?.addEventListener('click', async () => {
    const label = save.textContent;
    save.disabled = true; save.textContent = 'Preparo il file…';
    try {
      const res = await search(JSON.parse(JSON.stringify(state)), { all: true });
      const link = (url) => new URL(url.replace(/^\//, ''), ROOT).href;
      download(resultsCsv(res.rows, link), 'risultati-ricerca.csv');
      document.documentElement.dataset.cercaCsv = String(res.rows.length);
    } finally {
      save.disabled = false; save.textContent = label;
    }
  });
  addEventListener('popstate', () => { state = readState(null); sync(); run(null); });
  run(null);
}

if (typeof document !== 'undefined') init();
