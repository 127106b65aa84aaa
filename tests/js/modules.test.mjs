// The client's modules as the example site publishes them: the search page preloads every
// one (none waits for its importer), and every import names a published module.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { input } from './inputs.mjs';

const published = readdirSync(input('site', 'static', 'js')).sort();
const page = readFileSync(input('site', 'cerca', 'index.html'), 'utf8');

test('the search page preloads every module and loads cerca.js', () => {
  const preloaded = [...page.matchAll(/<link rel="modulepreload" href="\/static\/js\/([^"]+)">/g)].map((x) => x[1]);
  assert.deepEqual([...preloaded].sort(), published);
  assert.match(page, /<script type="module" src="\/static\/js\/cerca\.js"><\/script>/);
});

test('every import is a relative path to a published module', () => {
  let imports = 0;
  for (const file of published) {
    const source = readFileSync(input('site', 'static', 'js', file), 'utf8');
    for (const [, from] of source.matchAll(/^(?:import|export) [^;]*? from '([^']+)';$/gms)) {
      assert.ok(from.startsWith('./') && published.includes(from.slice(2)), `${file} imports ${from}`);
      imports++;
    }
  }
  assert.ok(imports > published.length, `${imports} imports read`);
});
