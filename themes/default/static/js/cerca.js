// vetro search client, the search page's module: reads the static index under /cerca/
// (format: docs/search.md) and shows the results. Dependency-free ES modules, no build
// step; the analysis mirrors src/search/analysis.rs.

import { mark, search } from './search.js';
import { readState, stateUrl } from './page-state.js';
import { renderFacets, renderPages, renderResults, statusText } from './render.js';

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
  mark('init');
  let state = readState(null);
  let seq = 0;
  const run = async (push) => {
    const mine = ++seq;
    if (push !== null) history[push ? 'pushState' : 'replaceState'](null, '', stateUrl(state));
    try {
      const res = await search(state);
      if (mine !== seq) return;
      // Re-rendering replaces the focused checkbox or page link: give focus back by id.
      const focused = document.activeElement?.id;
      renderFacets($('cerca-faccette'), res, state, run);
      renderResults($('cerca-risultati'), res);
      renderPages($('cerca-pagine'), res, state, run);
      status.textContent = statusText(res, state);
      if (focused && document.activeElement?.id !== focused) document.getElementById(focused)?.focus();
      mark('rendered');
      document.documentElement.dataset.cercaMs = String(Math.round(performance.now()));
      document.documentElement.dataset.cercaPronto = String(mine);
    } catch (err) {
      if (mine === seq) status.textContent = 'La ricerca non è disponibile in questo momento.';
      throw err;
    }
  };
  const sync = () => { input.value = state.q; order.value = state.ordine; };
  sync();
  form.addEventListener('submit', (ev) => { ev.preventDefault(); state.q = input.value; state.pagina = 1; run(true); });
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = input.value; state.pagina = 1; run(false); }, 200);
  });
  order.addEventListener('change', () => { state.ordine = order.value; state.pagina = 1; run(true); });
  addEventListener('popstate', () => { state = readState(null); sync(); run(null); });
  run(null);
}

if (typeof document !== 'undefined') init();
