// The search as the page's address holds it: ?q=…&ordine=…&pagina=…&<facet>=<value>…

import { FACET_LABELS } from './labels.js';

/** The state of the address: { q, ordine, pagina, facets: {name: [ids]} }. */
export function readState(m) {
  const p = new URLSearchParams(location.search);
  const facets = {};
  for (const name of m?.facets ?? Object.keys(FACET_LABELS)) facets[name] = p.getAll(name);
  const ordine = ['data', 'importo'].includes(p.get('ordine')) ? p.get('ordine') : 'rilevanza';
  return { q: p.get('q') ?? '', ordine, pagina: Math.max(1, parseInt(p.get('pagina') ?? '1', 10) || 1), facets };
}

export function stateUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.ordine !== 'rilevanza') p.set('ordine', state.ordine);
  for (const [name, vals] of Object.entries(state.facets)) for (const v of vals) p.append(name, v);
  if (state.pagina > 1) p.set('pagina', String(state.pagina));
  const qs = p.toString();
  return location.pathname + (qs ? `?${qs}` : '');
}
