// Shared helpers of the browser tests: a tiny static server on 127.0.0.1 for
// a built site, the headless Debian Chromium, and the pages to visit.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2',
  '.xml': 'application/xml', '.csv': 'text/csv', '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` on an ephemeral loopback port; resolves to { url, close }. */
export async function serve(dir) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) throw new Error('outside');
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(existsSync(join(root, '404.html')) ? await readFile(join(root, '404.html')) : 'not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Debian Chromium, without any network service of its own. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One page of each kind of the built site, found from its JSON twins. */
export async function pageKinds(dir) {
  const json = async (url) => JSON.parse(await readFile(join(dir, url, 'index.json'), 'utf8'));
  const first = (list) => list?.[0]?.url;
  const home = await json('/');
  const kinds = {
    home: '/', act: first(home.ultimi_atti), cig: first((await json('/cig/')).procedure),
    supplier: first((await json('/fornitori/')).fornitori),
    body: first(home.enti), year: first(home.anni), search: '/cerca/',
  };
  if (existsSync(join(dir, 'dati', 'index.html'))) kinds.data = '/dati/';
  if (existsSync(join(dir, 'bandi-di-gara', 'index.html'))) {
    kinds.bandi = '/bandi-di-gara/';
    kinds.bandiProcedure = '/bandi-di-gara/procedure/';
    kinds.bandiLegacy = '/bandi-di-gara/fino-al-2023/';
  }
  for (const [kind, url] of Object.entries(kinds)) {
    if (!url) throw new Error(`no ${kind} page found in ${dir}`);
  }
  return kinds;
}

/** Runs `body(browser, base, kinds)`; exits non-zero on any thrown error. */
export async function main(body) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: node <script> <built-site-folder>'); process.exit(2); }
  const site = await serve(dir);
  const browser = await launch();
  try {
    const failures = await body(browser, site.url, await pageKinds(dir));
    if (failures > 0) process.exitCode = 1;
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await browser.close();
    await site.close();
  }
}
