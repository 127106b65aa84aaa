// Layout in headless Chromium: no page kind scrolls sideways at 360 px, and
// screenshots of the CIG and supplier pages at 360 and 1280 px for review.
import { mkdir } from 'node:fs/promises';
import { main } from './serve.mjs';

const shots = process.env.SCREENSHOTS ?? 'target/screenshots';
await mkdir(shots, { recursive: true });

await main(async (browser, base, kinds) => {
  let failures = 0;
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  for (const [kind, url] of Object.entries(kinds)) {
    await page.goto(base + url, { waitUntil: 'load' });
    const { scroll, client, wide } = await page.evaluate(() => {
      const doc = document.documentElement;
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1 && !e.closest('.table-responsive'))
        .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
      return { scroll: doc.scrollWidth, client: doc.clientWidth, wide };
    });
    const ok = scroll <= client;
    if (!ok) failures += 1;
    console.log(`${kind} ${url} @360px: scrollWidth ${scroll}, clientWidth ${client} ${ok ? 'ok' : 'SCORRE ' + wide.join(', ')}`);
  }
  for (const kind of ['cig', 'supplier']) {
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(base + kinds[kind], { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const path = `${shots}/${kind}-${width}.png`;
      await page.screenshot({ path, fullPage: true });
      console.log(`screenshot ${path}`);
    }
  }
  console.log(`${Object.keys(kinds).length - failures} passed, ${failures} failed`);
  return failures;
});
