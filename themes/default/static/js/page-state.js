// The search as the page's address holds it: ?q=…&ordine=…&pagina=…&<facet>=<value>…
// &importo_min=…&importo_max=…&anno_min=…&anno_max=…

import { FACET_LABELS } from './labels.js';

/** The ranges' address parameters, in the order the address writes them. */
export const RANGES = ['importo_min', 'importo_max', 'anno_min', 'anno_max'];

/**
 * An amount as typed, Italian or not («10.000,50», «10000.5», «€ 1.200»), as a
 * dot-decimal string («10000.50»); '' when it is not a number.
 */
export function parseAmount(text) {
  let s = String(text ?? '').replace(/[\s€]/g, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) return '';
  const [int, frac = ''] = s.split('.');
  const whole = int.replace(/^0+(?=\d)/, '');
  return frac ? `${whole}.${frac.slice(0, 2).padEnd(2, '0')}` : whole;
}

/** A year as typed: four digits, or ''. */
export const parseYear = (text) => (/^\s*\d{4}\s*$/.test(String(text ?? '')) ? String(text).trim() : '');

/** The state of the address: { q, ordine, pagina, facets: {name: [ids]}, ranges: {param: value} }. */
export function readState(m) {
  const p = new URLSearchParams(location.search);
  const facets = {};
  for (const name of m?.facets ?? Object.keys(FACET_LABELS)) facets[name] = p.getAll(name);
  const ordine = ['data', 'importo'].includes(p.get('ordine')) ? p.get('ordine') : 'rilevanza';
  const ranges = {};
  for (const name of RANGES) ranges[name] = (name.startsWith('anno') ? parseYear : parseAmount)(p.get(name));
  return { q: p.get('q') ?? '', ordine, pagina: Math.max(1, parseInt(p.get('pagina') ?? '1', 10) || 1), facets, ranges };
}

export function stateUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.ordine !== 'rilevanza') p.set('ordine', state.ordine);
  for (const [name, vals] of Object.entries(state.facets)) for (const v of vals) p.append(name, v);
  for (const name of RANGES) if (state.ranges?.[name]) p.set(name, state.ranges[name]);
  if (state.pagina > 1) p.set('pagina', String(state.pagina));
  const qs = p.toString();
  return location.pathname + (qs ? `?${qs}` : '');
}
