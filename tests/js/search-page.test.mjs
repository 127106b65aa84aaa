// The search page's own helpers, which need no index: amounts and years as typed, the
// page numbers shown, the marked words and excerpt of a result, and the CSV of results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultsCsv, safeText } from '../../themes/default/static/js/csv.js';
import { highlight, queryTerms } from '../../themes/default/static/js/highlight.js';
import { parseAmount, parseYear } from '../../themes/default/static/js/page-state.js';

test('amounts are read as Italian or plain numbers', () => {
  assert.equal(parseAmount('10.000'), '10000');
  assert.equal(parseAmount('39.999,99'), '39999.99');
  assert.equal(parseAmount('€ 1.200,5'), '1200.50');
  assert.equal(parseAmount('1200.5'), '1200.50');
  assert.equal(parseAmount('0'), '0');
  assert.equal(parseAmount('dieci'), '');
  assert.equal(parseAmount('-5'), '');
  assert.equal(parseAmount(null), '');
  assert.equal(parseYear(' 2024 '), '2024');
  assert.equal(parseYear('24'), '');
});

test('the matched words are marked, by stem and by the prefix being typed', () => {
  const parts = highlight('Servizio di backup annuale', queryTerms('servizi back'));
  assert.deepEqual(parts, [{ text: 'Servizio', mark: true }, { text: ' di ', mark: false },
    { text: 'backup', mark: true }, { text: ' annuale', mark: false }]);
  // A trailing space ends the word: no prefix any more.
  assert.deepEqual(highlight('backup', queryTerms('back ')), [{ text: 'backup', mark: false }]);
  assert.deepEqual(highlight('testo', queryTerms('')), [{ text: 'testo', mark: false }]);
});

test('a long text is cut around its first match, at spaces', () => {
  const text = `${'parola '.repeat(80)}bersaglio ${'altro '.repeat(80)}`.trim();
  const parts = highlight(text, queryTerms('bersaglio'), 120);
  const shown = parts.map((p) => p.text).join('');
  assert.ok(shown.startsWith('…parola') && shown.endsWith('…'), shown);
  assert.ok(shown.length <= 124, String(shown.length));
  assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ['bersaglio']);
});

test('the CSV has a BOM, a header, quoted fields, dot decimals and no formulas', () => {
  const csv = resultsCsv([['atto', 'Lavori "urgenti", strade', 'atti/x/', '2025-01-31', '1200.50', 'Comune'],
    ['fornitore', '=SOMMA(A1)', 'fornitori/y/', null, null, null]], (u) => `https://e.it/${u}`);
  assert.equal(csv, '\ufeff"tipo","titolo","data","importo_euro","ente","indirizzo"\r\n'
    + '"Atto","Lavori ""urgenti"", strade","2025-01-31","1200.50","Comune","https://e.it/atti/x/"\r\n'
    + '"Fornitore","\'=SOMMA(A1)","","","","https://e.it/fornitori/y/"\r\n');
  assert.equal(safeText(' +1'), "' +1");
  assert.equal(safeText('Roma'), 'Roma');
});
