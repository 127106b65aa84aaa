// Shared by the browser tests and the bench: a tiny static server that counts the
// bytes it sends, and headless Debian Chromium through playwright-core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json',
  '.css': 'text/css', '.bin': 'application/octet-stream', '.wasm': 'application/wasm' };

/** Serves `root` on 127.0.0.1 at a random port, under `prefix` only (a portal published
 * at https://host/some/path/ has prefix '/some/path/'); `stats.bytes` counts body bytes sent. */
export async function serve(root, prefix = '/') {
  const stats = { bytes: 0, requests: 0 };
  const server = createServer(async (req, res) => {
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!full.startsWith(prefix)) { res.writeHead(404).end(); return; }
    const path = full.slice(prefix.length - 1);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      stats.bytes += body.length; stats.requests += 1;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close: () => server.close() };
}

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Waits until cerca.js has rendered a search newer than `prev` (html[data-cerca-pronto]). */
export async function settled(page, prev = '') {
  await page.waitForFunction((p) => {
    const v = document.documentElement.dataset.cercaPronto;
    return v !== undefined && v !== p;
  }, prev, { timeout: 10000 });
  return page.evaluate(() => document.documentElement.dataset.cercaPronto);
}

/** Runs `tests` ({name, fn(page, base)}) against `site`, served under `prefix`, in one browser; prints TAP-like lines
 * and the closing `N passed, N failed`, and exits non-zero on any failure. */
export async function runTests(tests, site, prefix = '/') {
  const server = await serve(site, prefix);
  const browser = await launch();
  let passed = 0; let failed = 0;
  for (const { name, fn } of tests) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await fn(page, server.url);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${name}\n  ${String(err.stack ?? err).split('\n').slice(0, 6).join('\n  ')}`);
    } finally {
      await page.close();
    }
  }
  await browser.close();
  server.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
