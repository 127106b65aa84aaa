// Search bench, part 2: cold queries in headless Chromium, bytes downloaded and time to
// results, for vetro's index and (optionally) Pagefind's on the same corpus.
//   node benches/search_bench.mjs <vetro-site> [<pagefind-site>]
// Build the sites first with `cargo run --release --example search_bench` (see docs/search.md).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serve } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const detail = args.includes('--detail'); // print each query's request timeline
const [vetroSite, pagefindSite] = args.filter((a) => a !== '--detail');
if (!vetroSite) {
  console.error('usage: node benches/search_bench.mjs [--detail] <vetro-site> [<pagefind-site>]');
  process.exit(2);
}
const sample = JSON.parse(readFileSync(join(vetroSite, 'bench-queries.json'), 'utf8'));
const QUERIES = [
  { name: 'single word', q: 'manutenzione' },
  { name: 'two words', q: 'servizi pulizia' },
  { name: 'prefix while typing', q: 'videosorv' },
  { name: 'CIG', q: sample.cig, top: sample.cigUrl },
  { name: 'P.IVA', q: sample.piva, top: sample.pivaUrl },
  { name: 'filtered+sorted', q: 'servizi', filters: { anno: '2023', procedura: 'affidamento-diretto' }, sort: 'importo' },
  { name: 'filter+date sort, no words', q: '', filters: { anno: '2019', categoria: 'lavori' }, sort: 'data' },
];

const PAGEFIND_PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
const p = new URLSearchParams(location.search);
const pf = await import('/pagefind/pagefind.js');
await pf.init();
const opts = {};
const filters = JSON.parse(p.get('f') || '{}');
if (Object.keys(filters).length) opts.filters = filters;
if (p.get('s')) opts.sort = { [p.get('s')]: 'desc' };
const r = await pf.search(p.get('q') || null, opts);
const rows = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
document.documentElement.dataset.total = r.results.length;
document.documentElement.dataset.first = rows[0]?.url ?? '';
document.documentElement.dataset.ms = Math.round(performance.now());
</script>`;

// Longest chain of index requests where each starts only after the previous one ended:
// an upper bound of the dependent round trips, and unlike times, unaffected by load.
function indexRounds() {
  const reqs = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith('/cerca/'))
    .sort((a, b) => a.startTime - b.startTime);
  const depth = reqs.map(() => 1);
  reqs.forEach((r, i) => {
    for (let j = 0; j < i; j++) if (reqs[j].responseEnd <= r.startTime) depth[i] = Math.max(depth[i], depth[j] + 1);
  });
  return Math.max(0, ...depth);
}

async function measure(site, urlFor, done) {
  const server = await serve(site);
  const browser = await launch();
  const out = [];
  for (const query of QUERIES) {
    const context = await browser.newContext(); // cold: empty cache per query
    await context.addInitScript(`window.indexRounds = ${indexRounds}`);
    const page = await context.newPage();
    server.stats.bytes = 0; server.stats.requests = 0;
    await page.goto(server.url + urlFor(query));
    const res = await done(page);
    out.push({ query: query.name, kb: +(server.stats.bytes / 1024).toFixed(1), requests: server.stats.requests, ...res,
      topOk: query.top ? res.first === query.top : undefined });
    await context.close();
  }
  await browser.close();
  server.close();
  return out;
}

const vetroUrl = (x) => {
  const p = new URLSearchParams();
  if (x.q) p.set('q', x.q);
  if (x.sort) p.set('ordine', x.sort);
  for (const [k, v] of Object.entries(x.filters ?? {})) p.append(k, v);
  return `/cerca/?${p}`;
};
const vetro = await measure(vetroSite, vetroUrl, async (page) => {
  await page.waitForFunction(() => document.documentElement.dataset.cercaPronto, null, { timeout: 60000 });
  const res = await page.evaluate(() => ({
    rounds: indexRounds(),
    ms: +document.documentElement.dataset.cercaMs,
    total: document.getElementById('cerca-stato').textContent,
    first: document.querySelector('#cerca-risultati a')?.getAttribute('href') ?? '',
  }));
  if (detail) console.log(await timeline(page));
  return res;
});
// Navigation milestones, marks and requests (start-end ms since navigation start).
async function timeline(page) {
  return page.evaluate(() => {
    const r = (x) => Math.round(x);
    const nav = performance.getEntriesByType('navigation')[0];
    const lines = [`  ${location.search}`, `    html ${r(nav.requestStart)}-${r(nav.responseEnd)}, ` +
      `domInteractive ${r(nav.domInteractive)}, DOMContentLoaded ${r(nav.domContentLoadedEventStart)}`];
    const marks = performance.getEntriesByType('mark').map((m) => `${m.name} ${r(m.startTime)}`);
    if (marks.length) lines.push(`    marks: ${marks.join(', ')}`);
    for (const e of performance.getEntriesByType('resource')) {
      lines.push(`    ${new URL(e.name).pathname} ${r(e.startTime)}-${r(e.responseEnd)} (${e.initiatorType})`);
    }
    return lines.join('\n');
  });
}
const jsBytes = readdirSync(join(vetroSite, 'static/js')).reduce((n, f) => n + readFileSync(join(vetroSite, 'static/js', f)).length, 0);
console.log(`vetro (${vetroSite}), JS ${(jsBytes / 1024).toFixed(1)} KB`);
console.table(vetro);

if (pagefindSite) {
  writeFileSync(join(pagefindSite, 'bench.html'), PAGEFIND_PAGE);
  const pfUrl = (x) => `/bench.html?${new URLSearchParams({ q: x.q, f: JSON.stringify(x.filters ?? {}), s: x.sort ?? '' })}`;
  const pf = await measure(pagefindSite, pfUrl, async (page) => {
    await page.waitForFunction(() => document.documentElement.dataset.ms, null, { timeout: 120000 });
    return page.evaluate(() => ({ ms: +document.documentElement.dataset.ms, total: document.documentElement.dataset.total,
      first: document.documentElement.dataset.first }));
  });
  console.log(`pagefind (${pagefindSite})`);
  console.table(pf);
}
