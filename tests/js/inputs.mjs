// Inputs of the Node tests of the search client, all written by vetro's Rust code (see
// tests/js/README.md): $VETRO_JS_INPUTS holds vectors.json, site/ (the example site) and
// bench/ (a bench index), each site with the Rust reader's view in rust-reader.json.
// A missing input is a failure, never a skip.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const dir = process.env.VETRO_JS_INPUTS;
if (!dir) throw new Error('VETRO_JS_INPUTS is not set: run scripts/test, or see tests/js/README.md');

/** Path of an input; throws when it is missing. */
export function input(...parts) {
  const path = join(dir, ...parts);
  if (!existsSync(path)) throw new Error(`missing test input ${path} (see tests/js/README.md)`);
  return path;
}

export const readJson = (...parts) => JSON.parse(readFileSync(input(...parts), 'utf8'));

/** A decompressed index file of a site: indexFile('site', 'cerca/runs.bin'). */
export const indexFile = (...parts) => new Uint8Array(gunzipSync(readFileSync(input(...parts))));

// Where the client's loader looks for the index: cerca/ two levels above its own module.
const clientIndex = new URL('../../themes/default/cerca/', import.meta.url).href;

/** Serves `site`'s files to the client's loader, as a static host would. */
export function serveSite(site) {
  const root = input(site);
  globalThis.fetch = async (url) => {
    const href = String(url);
    if (!href.startsWith(clientIndex)) throw new Error(`request outside the index: ${href}`);
    const path = join(root, 'cerca', fileURLToPath(href).slice(fileURLToPath(clientIndex).length));
    return existsSync(path) ? new Response(readFileSync(path)) : new Response(null, { status: 404 });
  };
}
