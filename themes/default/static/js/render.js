// Renders a search's results, facets, pages and status line into the page.

import { fold } from './analysis.js';
import { formatAmount, formatCount, formatDate } from './format.js';
import { ROOT } from './index-files.js';
import { highlight, queryTerms } from './highlight.js';
import { FACET_LABELS, KIND_LABELS } from './labels.js';
import { stateUrl } from './page-state.js';
import { inYears } from './ranges.js';
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
      .filter((v) => v.n > 0 || chosen.includes(v.id))
      .filter((v) => name !== 'anno' || inYears(state.ranges ?? {}, v.id));
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

// Text with the query's words in <mark>.
const marked = (parts) => parts.map((p) => (p.mark ? el('mark', { text: p.text }) : p.text));

// How much of a result's text is shown, around its first matched word.
const EXCERPT_CHARS = 220;

export function renderResults(list, res, q = '') {
  const terms = queryTerms(q);
  list.replaceChildren(...res.rows.map(([kind, title, url, date, amount, ente, body]) => {
    const details = [KIND_LABELS[kind] ?? kind, formatDate(date), formatAmount(amount), ente].filter(Boolean);
    return el('li', { class: `cerca-risultato cerca-${kind}` },
      el('a', { href: new URL(url.replace(/^\//, ''), ROOT).pathname }, ...marked(highlight(title, terms))),
      el('p', { class: 'cerca-dettagli', text: details.join(' · ') }),
      body ? el('p', { class: 'cerca-testo' }, ...marked(highlight(body, terms, EXCERPT_CHARS))) : null);
  }));
}

/** The page numbers to show: the first, the last and two either side of the current one; 0 = a gap. */
export function pageNumbers(current, pages) {
  const out = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - current) <= 2) out.push(p);
    else if (out.at(-1) !== 0) out.push(0);
  }
  return out;
}

export function renderPages(nav, res, state, onChange) {
  nav.replaceChildren();
  const pages = Math.ceil(res.total / PER_PAGE);
  if (pages <= 1) return;
  const current = Math.min(state.pagina, pages);
  const link = (p, id, text, label) => {
    const a = el('a', { id, href: stateUrl({ ...state, pagina: p }), 'aria-current': id === `cerca-pagina-${current}` ? 'page' : false,
      'aria-label': label, text });
    a.addEventListener('click', async (ev) => {
      ev.preventDefault();
      state.pagina = p;
      await onChange(true);
      // A new page of results: take the reader to its top, the status line first.
      const top = document.getElementById('cerca-esiti');
      top?.focus({ preventScroll: true });
      top?.scrollIntoView({ block: 'start' });
    });
    return el('li', {}, a);
  };
  const list = el('ul');
  if (current > 1) list.append(link(current - 1, 'cerca-pagina-prec', '‹ Precedente', `Pagina precedente, ${current - 1}`));
  for (const p of pageNumbers(current, pages)) {
    list.append(p ? link(p, `cerca-pagina-${p}`, String(p), `Pagina ${p}`) : el('li', {}, el('span', { class: 'cerca-puntini', 'aria-hidden': 'true', text: '…' })));
  }
  if (current < pages) list.append(link(current + 1, 'cerca-pagina-succ', 'Successiva ›', `Pagina successiva, ${current + 1}`));
  nav.append(list);
}

/** The filters a state applies, each with its name and how to drop it: [{ label, drop(state) }]. */
export function activeFilters(m, state) {
  const out = [];
  m.facets.forEach((name, k) => {
    for (const id of state.facets[name] ?? []) {
      const label = m.values[k].find(([v]) => v === id)?.[1] ?? id;
      out.push({ label: `${FACET_LABELS[name] ?? name}: ${label}`, drop: (s) => { s.facets[name] = s.facets[name].filter((x) => x !== id); } });
    }
  });
  const r = state.ranges ?? {};
  const range = (key, label) => { if (r[key]) out.push({ label, drop: (s) => { s.ranges[key] = ''; } }); };
  range('importo_min', `Importo da ${formatAmount(r.importo_min)}`);
  range('importo_max', `Importo fino a ${formatAmount(r.importo_max)}`);
  range('anno_min', `Anno dal ${r.anno_min}`);
  range('anno_max', `Anno al ${r.anno_max}`);
  return out;
}

/** With no result and some filter set: the filters, a button each to drop it. */
export function renderEmpty(box, res, state, onDrop) {
  box.replaceChildren();
  if (res.empty || res.total > 0) return;
  const filters = activeFilters(res.m, state);
  if (!filters.length) return;
  const list = el('ul');
  for (const f of filters) {
    const button = el('button', { type: 'button', class: 'btn btn-outline-primary btn-sm', text: `Togli «${f.label}»` });
    button.addEventListener('click', () => onDrop(f.drop));
    list.append(el('li', {}, button));
  }
  box.append(el('p', { text: filters.length === 1 ? 'Nessun risultato con questo filtro. Puoi toglierlo:' : 'Nessun risultato con tutti questi filtri insieme. Puoi toglierne uno:' }), list);
}

export function statusText(res, state) {
  if (res.empty) return 'Scrivi una parola, un CIG, una partita IVA o il nome di un fornitore.';
  if (res.total === 0) {
    const filtered = activeFilters(res.m, state).length ? ' con i filtri scelti' : '';
    return `Nessun risultato${state.q ? ` per «${state.q}»` : ''}${filtered}.`;
  }
  const n = formatCount(res.total);
  const pages = Math.ceil(res.total / PER_PAGE);
  const page = pages > 1 ? `, pagina ${state.pagina} di ${pages}` : '';
  const found = `${res.total === 1 ? '1 risultato' : `${n} risultati`}${page}`;
  if (!res.partial) return found;
  const [hit, of] = res.partial;
  return `Nessun risultato contiene tutte le parole di «${state.q}». Risultati parziali, con ${hit} parol${hit === 1 ? 'a' : 'e'} su ${of}: ${found}`;
}
