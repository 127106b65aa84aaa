// vetro search client: reads the static index under /cerca/ (format: docs/search.md).
// Dependency-free ES module; the analysis below mirrors src/search/analysis.rs.

const BASE = new URL('../../cerca/', import.meta.url);
const ROOT = new URL('../', BASE);
const PER_PAGE = 10;
const FACET_LABELS = { anno: 'Anno', ente: 'Ente', procedura: 'Procedura', categoria: 'Categoria', tipo: 'Tipo' };
const KIND_LABELS = { atto: 'Atto', cig: 'Procedura (CIG)', fornitore: 'Fornitore' };

// ---- Italian analysis ----------------------------------------------------------
const STOP = new Set(('a ad agli al alla alle allo all anche che chi ci col come con cui da dagli dai dal dall ' +
  'dalla dalle dallo de degli dei del dell della delle dello di e ed era gli ha hanno i il in la le lo ma ne negli ' +
  'nei nel nell nella nelle nello non o od per piu quale quali quella quelle quello questa queste questo se si sia ' +
  'sono su sugli sui sul sull sulla sulle sullo tra fra un una uno l d n s c ai è').split(' '));

export const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
export const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w && !STOP.has(w));
export const normalizeId = (s) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');

const isV = (c) => c !== undefined && 'aeiouàèìòù'.includes(c);

// Snowball Italian stemmer on a folded word (our own implementation of the published algorithm).
export function stem(word) {
  const a = [...word.replace(/qu/g, 'qU')];
  for (let i = 1; i < a.length - 1; i++) {
    if (isV(a[i - 1]) && isV(a[i + 1]) && (a[i] === 'u' || a[i] === 'i')) a[i] = a[i].toUpperCase();
  }
  let s = a.join('');
  const { rv, r1, r2 } = regions(a);
  const start = (suf) => s.length - suf.length;
  const longest = (list, limit = 0) => list.filter((x) => s.endsWith(x) && start(x) >= limit)
    .reduce((best, x) => (x.length > best.length ? x : best), '');
  const cut = (n) => { s = s.slice(0, s.length - n); };
  // Step 0: attached pronouns after gerund or infinitive stems.
  const pron = longest(PRONOUNS);
  if (pron) {
    const before = s.slice(0, start(pron));
    const verb = ['ando', 'endo', 'ar', 'er', 'ir'].find((v) => before.endsWith(v));
    if (verb && before.length - verb.length >= rv) s = verb.length === 4 ? before : before + 'e';
  }
  // Step 1 (standard suffixes), else step 2 (verb suffixes, within RV).
  if (!standardSuffix()) {
    const verb = longest(VERB, rv);
    if (verb) cut(verb.length);
  }
  // Step 3: final vowel, then ch/gh.
  if ('aeio'.includes(s.at(-1) ?? 'x') && s.length - 1 >= rv) {
    cut(1);
    if (s.endsWith('i') && s.length - 1 >= rv) cut(1);
  }
  if (/[cg]h$/.test(s) && s.length - 2 >= rv) cut(1);
  return s.replace(/I/g, 'i').replace(/U/g, 'u');

  function standardSuffix() {
    const suf = longest(STANDARD);
    if (!suf) return false;
    const at = start(suf);
    const inR2 = at >= r2;
    const drop = (x, lim) => { if (s.endsWith(x) && start(x) >= lim) { cut(x.length); return true; } return false; };
    if (['azione', 'azioni', 'atore', 'atori'].includes(suf)) {
      if (!inR2) return false;
      cut(suf.length); drop('ic', r2);
    } else if (suf === 'logia' || suf === 'logie') {
      if (!inR2) return false;
      s = s.slice(0, at) + 'log';
    } else if (/^u[zs]ion[ei]$/.test(suf)) {
      if (!inR2) return false;
      s = s.slice(0, at) + 'u';
    } else if (suf === 'enza' || suf === 'enze') {
      if (!inR2) return false;
      s = s.slice(0, at) + 'ente';
    } else if (/^[ai]ment[oi]$/.test(suf)) {
      if (at < rv) return false;
      cut(suf.length);
    } else if (suf === 'amente') {
      if (at < r1) return false;
      cut(suf.length);
      const next = ['iv', 'os', 'ic', 'abil'].filter((x) => s.endsWith(x)).sort((x, y) => y.length - x.length)[0];
      if (next && start(next) >= r2) { cut(next.length); if (next === 'iv') drop('at', r2); }
    } else if (/^iv[oiae]$/.test(suf)) {
      if (!inR2) return false;
      cut(suf.length);
      if (drop('at', r2)) drop('ic', r2);
    } else {
      if (!inR2) return false;
      cut(suf.length);
    }
    return true;
  }
}

function regions(a) {
  const n = a.length;
  const after = (from, wantVowel) => {
    for (let i = from; i < n; i++) if (isV(a[i]) === wantVowel) return i + 1;
    return -1;
  };
  let rv = n;
  if (n >= 2) {
    let p = -1;
    if (isV(a[0])) p = isV(a[1]) ? after(2, false) : after(2, true);
    else p = isV(a[1]) ? (n >= 3 ? 3 : -1) : after(2, true);
    if (p >= 0) rv = p;
  }
  const past = (from) => {
    const v = after(from, true);
    const c = v < 0 ? -1 : after(v, false);
    return c < 0 ? n : c;
  };
  const r1 = past(0);
  return { rv, r1, r2: past(r1) };
}

const PRONOUNS = ('ci gli la le li lo mi ne si ti vi sene gliela gliele glieli glielo gliene mela mele meli melo ' +
  'mene tela tele teli telo tene cela cele celi celo cene vela vele veli velo vene').split(' ');
const STANDARD = ('anza anze ico ici ica ice iche ichi ismo ismi abile abili ibile ibili ista iste isti oso osi ' +
  'osa ose mente atrice atrici ante anti azione azioni atore atori logia logie uzione uzioni usione usioni enza ' +
  'enze amento amenti imento imenti amente ivo ivi iva ive').split(' ');
const VERB = ('ammo ando ano are arono asse assero assi assimo ata ate ati ato ava avamo avano avate avi avo emmo ' +
  'enda ende endi endo erai eranno ere erebbe erebbero erei eremmo eremo ereste eresti erete erono essero ete eva ' +
  'evamo evano evate evi evo Yamo iamo immo irai iranno ire irebbe irebbero irei iremmo iremo ireste iresti irete ' +
  'irono isca iscano isce isci isco iscono issero ita ite iti ito iva ivamo ivano ivate ivi ivo ono uta ute uti ' +
  'uto ar ir').split(' ');

// ---- index access --------------------------------------------------------------
const cache = new Map();

function load(path, parse = (b) => b) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, BASE)).then(async (res) => {
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      const stream = res.body.pipeThrough(new DecompressionStream('gzip'));
      return parse(new Uint8Array(await new Response(stream).arrayBuffer()));
    }));
  }
  return cache.get(path);
}

function varint(buf, st) {
  let v = 0; let mul = 1; let b;
  do { b = buf[st.pos++]; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
  return v;
}

const utf8 = new TextDecoder();
const json = (buf) => JSON.parse(utf8.decode(buf));

const meta = () => load('meta.bin', (buf) => {
  const m = json(buf);
  // Frequent terms: entry without the shard, postings in p/<file>.bin.
  m.hotEntries = new Map(m.hot.map(([term, df, file]) => [term, { term, df, inline: null, file }]));
  return m;
});

// Run table: doc id → facet values. runStart[r] is the first id of run r, runTuple[r*f+k]
// the value number of facet k (value index + 1, 0 = none).
const runs = (m) => load('runs.bin', (buf) => {
  const st = { pos: 0 };
  const count = varint(buf, st);
  const f = m.facets.length;
  const runStart = new Uint32Array(count + 1);
  const runTuple = new Uint16Array(count * f);
  for (let r = 0, at = 0; r < count; r++) {
    runStart[r] = at;
    at += varint(buf, st);
    const changed = varint(buf, st); // facets before it repeat the previous run's values
    for (let k = 0; k < f; k++) runTuple[r * f + k] = k < changed ? runTuple[(r - 1) * f + k] : varint(buf, st);
    runStart[r + 1] = at;
  }
  return { runStart, runTuple };
});

const shard = (n) => load(`t/${n}.bin`, (buf) => {
  const st = { pos: 0 };
  const count = varint(buf, st);
  const entries = [];
  let prev = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const shared = varint(buf, st);
    const len = varint(buf, st);
    const bytes = new Uint8Array(shared + len);
    bytes.set(prev.subarray(0, shared));
    bytes.set(buf.subarray(st.pos, st.pos + len), shared);
    st.pos += len;
    prev = bytes;
    const df = varint(buf, st);
    const inline = varint(buf, st);
    const e = { term: utf8.decode(bytes), df, inline: null, file: -1 };
    if (inline > 0) { e.inline = buf.subarray(st.pos, st.pos + inline); st.pos += inline; }
    else e.file = varint(buf, st);
    entries.push(e);
  }
  return entries;
});

function shardOf(m, term) {
  let lo = 0; let hi = m.shards.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (m.shards[mid] <= term) lo = mid + 1; else hi = mid; }
  return lo - 1;
}

async function entry(m, term) {
  if (m.hotEntries.has(term)) return m.hotEntries.get(term);
  const n = shardOf(m, term);
  if (n < 0) return null;
  return (await shard(n)).find((e) => e.term === term) ?? null;
}

async function prefixEntries(m, prefix, limit) {
  const first = Math.max(0, shardOf(m, prefix));
  const last = Math.min(shardOf(m, prefix + '\uffff'), first + 2);
  const shards = [];
  for (let n = first; n <= last; n++) shards.push(shard(n));
  const found = (await Promise.all(shards)).flat().filter((e) => e.term.startsWith(prefix));
  return found.sort((x, y) => y.df - x.df).slice(0, limit);
}

function decodeSet(buf, st) {
  const tag = buf[st.pos++];
  if (tag === 0) {
    const n = varint(buf, st);
    const ids = new Uint32Array(n);
    for (let i = 0, next = 0; i < n; i++) { ids[i] = next + varint(buf, st); next = ids[i] + 1; }
    return ids;
  }
  const first = varint(buf, st);
  const len = varint(buf, st);
  const out = [];
  for (let j = 0; j < len; j++) {
    const byte = buf[st.pos + j];
    for (let b = 0; b < 8; b++) if (byte & (1 << b)) out.push(first + j * 8 + b);
  }
  st.pos += len;
  return Uint32Array.from(out);
}

// A scored doc set: sorted ids with parallel scores.
async function postings(m, e, weight, strongWeight) {
  const buf = e.inline ?? await load(`p/${e.file}.bin`);
  const st = { pos: 0 };
  const ids = decodeSet(buf, st);
  const strong = decodeSet(buf, st);
  const scores = new Float64Array(ids.length).fill(weight);
  for (let i = 0, j = 0; i < ids.length && j < strong.length; i++) {
    if (ids[i] === strong[j]) { scores[i] += strongWeight; j++; }
  }
  return { ids, scores };
}

function merge(a, b, keepA, keepB) {
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
const union = (a, b) => (a ? merge(a, b, true, true) : b);
const intersect = (a, b) => (a ? merge(a, b, false, false) : b);
const EMPTY = { ids: new Uint32Array(0), scores: new Float64Array(0) };

// Docs matching one typed token: all its words (stem or, for the word being typed, a
// prefix), or the token as an exact identifier. null when the token is only stop words.
// Every lookup starts at once: each one is a chain of requests (shard, then postings).
async function tokenSet(m, token, typing) {
  const ws = words(token);
  const id = normalizeId(token);
  const idSet = maybeId(m, id) ? entry(m, '#' + id).then((e) => e && postings(m, e, 1000, 1000)) : null;
  const sets = ws.map((w, i) => wordSet(m, w, typing && i === ws.length - 1 && w.length >= 3));
  let text = null;
  for (const set of await Promise.all(sets)) text = intersect(text, set);
  const ident = await idSet;
  if (!ws.length && !ident) return null;
  return ident ? union(text ?? EMPTY, ident) : (text ?? EMPTY);
}

// Identifiers nearly always hold a digit; meta.bin lists those that do not.
const maybeId = (m, id) => id && (/\p{N}/u.test(id) || !m.plainIds || m.plainIds.includes('#' + id));

const idf = (m, df) => Math.log(1 + m.docs / Math.max(df, 1));

// Docs matching one word by its stem, or also (while typed) as a prefix of the 8 most
// frequent terms starting with it, at half weight.
async function wordSet(m, w, prefix) {
  if (prefix) prefetchHot(m, w);
  const found = entry(m, stem(w)); // its postings must not wait for the prefix shards
  const exact = found.then((e) => (e ? postings(m, e, idf(m, e.df), 2 * idf(m, e.df)) : EMPTY));
  const [e, more] = await Promise.all([found, prefix ? prefixEntries(m, w, 8) : []]);
  const extra = more.filter((p) => p.term !== e?.term)
    .map((p) => postings(m, p, idf(m, p.df) / 2, idf(m, p.df)));
  let set = await exact;
  if (e && !extra.length) set.only = e; // the docs of this one term, nothing merged in
  for (const x of await Promise.all(extra)) set = merge(set, x, true, true);
  return set;
}

// The most frequent terms with a prefix are the first of its expansion: start fetching
// their postings while the shards that list every term with the prefix are loading.
function prefetchHot(m, prefix) {
  m.hot.filter(([term]) => term.startsWith(prefix)).sort((x, y) => y[1] - x[1]).slice(0, 8)
    .forEach(([, , file]) => load(`p/${file}.bin`));
}

// Docs matching every token; when none does, the docs matching the most tokens, with
// `partial` = [tokens matched, tokens] (scores summed over the matched tokens).
async function match(m, q) {
  const tokens = q.split(/\s+/).filter(Boolean);
  const typing = !/\s$/.test(q);
  const sets = (await Promise.all(tokens.map((t, i) => tokenSet(m, t, typing && i === tokens.length - 1))))
    .filter(Boolean);
  let acc = null;
  for (const set of sets) acc = intersect(acc, set);
  return acc?.ids.length || sets.length < 2 ? acc : mostTokens(sets);
}

function mostTokens(sets) {
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

// Applies facet filters to a scored set and counts values (each facet counted with the
// other facets' filters). Returns the kept ids and scores, and the counts.
function facetPass(m, table, set, selected) {
  const { runStart, runTuple } = table;
  const f = m.facets.length;
  const wanted = m.facets.map((name, k) => {
    const chosen = selected[name] ?? [];
    return chosen.length ? new Set(chosen.map((v) => m.values[k].findIndex((x) => x[0] === v) + 1)) : null;
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

// Upper bound of the date key of docs in the selected years (no bound without a year filter).
function maxDateKey(facets) {
  const years = (facets.anno ?? []).map(Number).filter(Number.isFinite);
  if (!years.length) return Infinity;
  return (Date.UTC(Math.max(...years), 11, 31) - Date.UTC(1950, 0, 1)) / 86400000 + 1;
}

// Ids of the first `k` results sorted by a key (date or amount), descending, ties by id.
async function topBy(m, key, ids, k, maxKey) {
  // Chunks hold keys in descending order: skip those whose keys all exceed maxKey.
  const firsts = m.permFirst[key];
  let startChunk = 0;
  while (startChunk + 1 < firsts.length && firsts[startChunk + 1] > maxKey) startChunk++;
  const n = m.docs - startChunk * m.permChunk;
  const blocks = new Set();
  for (const id of ids) blocks.add(Math.floor(id / m.sortBlock));
  const columnBytes = blocks.size * m.sortBlock * 5;
  const permBytes = (Math.ceil((k * n) / Math.max(ids.length, 1) / m.permChunk) + 1) * m.permChunk * 3;
  if (columnBytes <= permBytes) {
    const cols = new Map();
    await Promise.all([...blocks].map(async (b) => cols.set(b, await load(`s/${b}.bin`))));
    const value = (id) => {
      const buf = cols.get(Math.floor(id / m.sortBlock)); const o = (id % m.sortBlock) * 5;
      return key === 'data' ? buf[o] | (buf[o + 1] << 8) : buf[o + 2] | (buf[o + 3] << 8) | (buf[o + 4] << 16);
    };
    return [...ids].sort((x, y) => value(y) - value(x) || x - y).slice(0, k);
  }
  const member = new Uint8Array(m.docs);
  for (const id of ids) member[id] = 1;
  // Fetch the chunks expected to hold the page at once; more follow one by one if needed.
  // Matches cluster (by year, body...), so allow for twice the uniform estimate.
  const expected = 2 * Math.ceil((k * n) / Math.max(ids.length, 1) / m.permChunk) + 1;
  const chunks = Math.ceil(m.docs / m.permChunk);
  for (let c = startChunk; c < Math.min(chunks, startChunk + expected); c++) load(`o/${key}-${c}.bin`);
  const out = [];
  for (let c = startChunk; c * m.permChunk < m.docs && out.length < k; c++) {
    const buf = await load(`o/${key}-${c}.bin`);
    for (let o = 0; o < buf.length && out.length < k; o += 3) {
      const id = buf[o] | (buf[o + 1] << 8) | (buf[o + 2] << 16);
      if (member[id]) out.push(id);
    }
  }
  return out;
}

async function rows(m, ids) {
  return Promise.all(Array.from(ids, async (id) => {
    const block = await load(`d/${Math.floor(id / m.metaBlock)}.bin`, json);
    return block[id % m.metaBlock];
  }));
}

// Timeline marks for benches/search_bench.mjs --detail.
const mark = (name) => performance.mark(`cerca:${name}`);

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

/** Runs a query: { q, ordine, pagina, facets: {name: [ids]} } → { total, rows, counts }. */
export async function search(state) {
  const m = await meta();
  const table = runs(m); // preloaded with the page; needed once the matches are known
  mark('meta');
  const anyFacet = Object.values(state.facets).some((v) => v.length);
  const first = anyFacet ? null : firstPage(m, state);
  const set = state.q.trim() ? await match(m, state.q) : null;
  mark('match');
  if (!set && !anyFacet) return { m, total: 0, rows: [], counts: null, empty: true };
  // Without filters every match is a result: the counts can wait for the result rows.
  const filtered = anyFacet || !set ? facetPass(m, await table, set, state.facets) : null;
  const { ids, scores } = filtered ?? set;
  const k = state.pagina * PER_PAGE;
  let top;
  if (state.ordine === 'data' || state.ordine === 'importo') {
    top = await topBy(m, state.ordine, ids, k, state.ordine === 'data' ? maxDateKey(state.facets) : Infinity);
  } else if (!scores) {
    top = ids.slice(0, k); // browsing: equal scores, ids ascending
  } else {
    const order = ids.map((_, i) => i).sort((x, y) => scores[y] - scores[x] || ids[x] - ids[y]);
    top = order.slice(0, k).map((i) => ids[i]);
  }
  const shown = top.slice(k - PER_PAGE);
  mark('top');
  // The stored first page holds these very rows only if the term alone made the matches.
  const fetched = first && set.only === first.entry
    ? load(first.path, json).then((r) => r.slice(0, PER_PAGE)) : rows(m, shown);
  const counts = filtered ? filtered.counts : facetPass(m, await table, set, {}).counts;
  return { m, total: ids.length, rows: await fetched, counts, empty: false, partial: set?.partial ?? null };
}

// ---- page ----------------------------------------------------------------------
export const formatDate = (iso) => (iso ? iso.split('-').reverse().join('/') : '');
// Thousands separated by dots, as Italian writes them. Not Intl.NumberFormat: building
// one (or an Intl.Collator) costs ~25 ms on a cold page, a tenth of the time to results.
export const formatCount = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
export function formatAmount(s) {
  if (!s) return '';
  const [int, frac = '00'] = s.replace('-', '').split('.');
  return `${s.startsWith('-') ? '-' : ''}€ ${formatCount(int)},${frac.padEnd(2, '0')}`;
}

function readState(m) {
  const p = new URLSearchParams(location.search);
  const facets = {};
  for (const name of m?.facets ?? Object.keys(FACET_LABELS)) facets[name] = p.getAll(name);
  const ordine = ['data', 'importo'].includes(p.get('ordine')) ? p.get('ordine') : 'rilevanza';
  return { q: p.get('q') ?? '', ordine, pagina: Math.max(1, parseInt(p.get('pagina') ?? '1', 10) || 1), facets };
}

function stateUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.ordine !== 'rilevanza') p.set('ordine', state.ordine);
  for (const [name, vals] of Object.entries(state.facets)) for (const v of vals) p.append(name, v);
  if (state.pagina > 1) p.set('pagina', String(state.pagina));
  const qs = p.toString();
  return location.pathname + (qs ? `?${qs}` : '');
}

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

function renderFacets(box, res, state, onChange) {
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

function renderResults(list, res) {
  list.replaceChildren(...res.rows.map(([kind, title, url, date, amount, ente, body]) => {
    const details = [KIND_LABELS[kind] ?? kind, formatDate(date), formatAmount(amount), ente].filter(Boolean);
    return el('li', { class: `cerca-risultato cerca-${kind}` },
      el('a', { href: new URL(url.replace(/^\//, ''), ROOT).pathname, text: title }),
      el('p', { class: 'cerca-dettagli', text: details.join(' · ') }),
      body ? el('p', { class: 'cerca-testo', text: body }) : null);
  }));
}

function renderPages(nav, res, state, onChange) {
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

function statusText(res, state) {
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
