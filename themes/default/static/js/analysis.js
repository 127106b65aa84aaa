// Italian text analysis of the search client; mirrors src/search/analysis.rs.

const STOP = new Set(('a ad agli al alla alle allo all anche che chi ci col come con cui da dagli dai dal dall ' +
  'dalla dalle dallo de degli dei del dell della delle dello di e ed era gli ha hanno i il in la le lo ma ne negli ' +
  'nei nel nell nella nelle nello non o od per piu quale quali quella quelle quello questa queste questo se si sia ' +
  'sono su sugli sui sul sull sulla sulle sullo tra fra un una uno l d n s c ai è').split(' '));

export const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
export const words = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w && !STOP.has(w));
export const normalizeId = (s) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');
