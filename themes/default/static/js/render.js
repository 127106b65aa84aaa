// Renders a search's results, facets, pages and status line into the page.

import { fold } from './analysis.js';
import { formatAmount, formatCount, formatDate } from './format.js';
import { ROOT } from './index-files.js';
import { FACET_LABELS, KIND_LABELS } from './labels.js';
import { stateUrl } from './page-state.js';
import { PER_PAGE } from './search.js';

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v; else if (v !== false && v != null) node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

// Facet values with equal counts, alphabetically, accents and case aside.
function byLabel(x, y) {
  const a = fold(x.label); const b = fold(y.label);
  return a < b ? -1 : Number(a > b);
}

export function renderFacets(box, res, state, onChange) {
  box.replaceChildren();
  if (!res.counts) return;
  res.m.facets.forEach((name, k) => {
    const chosen = state.facets[name];
    let vals = res.m.values[k].map(([id, label], i) => ({ id, label, n: res.counts[k][i + 1] }))
      .filter((v) => v.n > 0 || chosen.includes(v.id));
    if (name !== 'anno') vals = vals.sort((x, y) => y.n - x.n || byLabel(x, y));
    if (!vals.length) return;
    const set = el('fieldset', { class: `cerca-faccetta cerca-faccetta-${name}` }, el('legend', { text: FACET_LABELS[name] ?? name }));
    vals.forEach((v) => {
      const id = `cerca-f-${name}-${v.id}`.replace(/[^\w-]/g, '_');
      const check = el('input', { type: 'checkbox', id, name, value: v.id, checked: chosen.includes(v.id) });
      check.addEventListener('change', () => {
        state.facets[name] = check.checked ? [...chosen, v.id] : chosen.filter((x) => x !== v.id);
        state.pagina = 1;
        onChange(true);
      });
      set.append(el('div', {}, check, el('label', { for: id, text: `${v.label} (${formatCount(v.n)})` })));
    });
    box.append(set);
  });
}

export function renderResults(list, res) {
  list.replaceChildren(...res.rows.map(([kind, title, url, date, amount, ente, body]) => {
    const details = [KIND_LABELS[kind] ?? kind, formatDate(date), formatAmount(amount), ente].filter(Boolean);
    return el('li', { class: `cerca-risultato cerca-${kind}` },
      el('a', { href: new URL(url.replace(/^\//, ''), ROOT).pathname, text: title }),
      el('p', { class: 'cerca-dettagli', text: details.join(' · ') }),
      body ? el('p', { class: 'cerca-testo', text: body }) : null);
  }));
}

export function renderPages(nav, res, state, onChange) {
  nav.replaceChildren();
  const pages = Math.ceil(res.total / PER_PAGE);
  if (pages <= 1) return;
  const from = Math.max(1, state.pagina - 4);
  const list = el('ul');
  for (let p = from; p <= Math.min(pages, from + 9); p++) {
    const link = el('a', { id: `cerca-pagina-${p}`, href: stateUrl({ ...state, pagina: p }), 'aria-current': p === state.pagina ? 'page' : false,
      'aria-label': `Pagina ${p}`, text: String(p) });
    link.addEventListener('click', (ev) => { ev.preventDefault(); state.pagina = p; onChange(true); });
    list.append(el('li', {}, link));
  }
  nav.append(list);
}

export function statusText(res, state) {
  if (res.empty) return 'Scrivi una parola, un CIG, una partita IVA o il nome di un fornitore.';
  if (res.total === 0) return `Nessun risultato${state.q ? ` per «${state.q}»` : ''}.`;
  const n = formatCount(res.total);
  const pages = Math.ceil(res.total / PER_PAGE);
  const page = pages > 1 ? `, pagina ${state.pagina} di ${pages}` : '';
  const found = `${res.total === 1 ? '1 risultato' : `${n} risultati`}${page}`;
  if (!res.partial) return found;
  const [hit, of] = res.partial;
  return `Nessun risultato contiene tutte le parole di «${state.q}». Risultati parziali, con ${hit} parol${hit === 1 ? 'a' : 'e'} su ${of}: ${found}`;
}
