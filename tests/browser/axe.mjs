// axe-core in headless Chromium on one page of each kind: zero violations.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { main } from './serve.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

await main(async (browser, base, kinds) => {
  let failures = 0;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [kind, url] of Object.entries(kinds)) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(base + url, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      }));
      for (const v of result.violations) {
        failures += 1;
        console.error(`${kind} ${url} @${width}px: ${v.id} (${v.impact}) ${v.help}`);
        for (const n of v.nodes.slice(0, 5)) console.error(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
      }
      console.log(`${kind} ${url} @${width}px: ${result.violations.length} violazioni, ${result.passes.length} regole superate`);
    }
  }
  console.log(`${Object.keys(kinds).length * 2 - failures} passed, ${failures} failed`);
  return failures;
});
