// «Scarica questi risultati»: the rows of every result of a search as a CSV file a
// spreadsheet opens as is: UTF-8 with a BOM, a header row, every field quoted, `,`
// between fields, `.` decimals, ISO dates, CRLF line ends. Text cells that a spreadsheet
// would run as a formula get a leading «'», as the open data's CSV files do
// (src/export/csv_out.rs).

import { KIND_LABELS } from './labels.js';

export const CSV_HEADER = ['tipo', 'titolo', 'data', 'importo_euro', 'ente', 'indirizzo'];

// What a spreadsheet reads as the start of a formula, and what it skips before one.
const FORMULA = /^[\s\p{Cc}\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b]/u;

/** A text cell as written: neutralized if it would start a formula. */
export const safeText = (s) => (/^[\t\r]/.test(s) || FORMULA.test(s) ? `'${s}` : s);

const quote = (s) => `"${String(s ?? '').replace(/"/g, '""')}"`;

/** The CSV text (BOM included) of result rows; `link` makes a row's page address absolute. */
export function resultsCsv(rows, link) {
  const lines = [CSV_HEADER.map(quote).join(',')];
  for (const [kind, title, url, date, amount, ente] of rows) {
    // Amounts are numbers with 2 decimals («104832.00»): never neutralized.
    lines.push([safeText(KIND_LABELS[kind] ?? kind), safeText(title ?? ''), date ?? '', amount ?? '',
      safeText(ente ?? ''), link(url)].map(quote).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Saves `text` as a file named `name` through a Blob and a temporary link. */
export function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
