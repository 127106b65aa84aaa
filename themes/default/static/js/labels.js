// What the page calls the index's facets and kinds of doc.

export const FACET_LABELS = { anno: 'Anno', ente: 'Ente', procedura: 'Procedura', categoria: 'Categoria', tipo: 'Tipo', indicatori: 'Indicatori' };
export const KIND_LABELS = { atto: 'Atto', cig: 'Procedura (CIG)', fornitore: 'Fornitore' };
