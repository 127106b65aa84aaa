//! Italian vocabulary of the corpus: what is bought, where, by whom.

/// What a lot buys: supplies, services or works (the threshold differs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Forniture,
    Servizi,
    Lavori,
}

/// A subject of purchase and the real CPV code (CPV 2008) that fits it.
pub struct Subject {
    pub kind: Kind,
    pub text: &'static str,
    pub cpv: &'static str,
}

const fn s(kind: Kind, text: &'static str, cpv: &'static str) -> Subject {
    Subject { kind, text, cpv }
}

use Kind::{Forniture as F, Lavori as L, Servizi as S};

pub const SUBJECTS: &[Subject] = &[
    s(F, "Fornitura di materiale di cancelleria", "30192000-1"),
    s(F, "Fornitura di carta per fotocopiatrici", "30197630-1"),
    s(F, "Fornitura di personal computer portatili", "30213100-6"),
    s(F, "Fornitura di stampanti laser di rete", "30232110-8"),
    s(
        F,
        "Fornitura di toner e materiale di consumo per stampanti",
        "30125100-2",
    ),
    s(F, "Fornitura di arredi per uffici", "39130000-2"),
    s(F, "Fornitura di arredi scolastici", "39160000-1"),
    s(
        F,
        "Fornitura di vestiario per la Polizia locale",
        "18110000-3",
    ),
    s(F, "Fornitura di gasolio per riscaldamento", "09135100-5"),
    s(F, "Fornitura di carburante per gli automezzi", "09132000-3"),
    s(F, "Fornitura di farmaci", "33600000-6"),
    s(F, "Fornitura di dispositivi medici", "33140000-3"),
    s(F, "Fornitura di arredi sanitari", "33192000-2"),
    s(F, "Fornitura di sale per il disgelo stradale", "34927100-2"),
    s(F, "Fornitura di libri per la biblioteca", "22113000-5"),
    s(
        F,
        "Fornitura di derrate alimentari per le mense",
        "15000000-8",
    ),
    s(F, "Fornitura di licenze software", "48000000-8"),
    s(
        F,
        "Fornitura di attrezzature per la protezione civile",
        "35110000-8",
    ),
    s(F, "Fornitura di segnaletica stradale", "34992200-9"),
    s(F, "Fornitura di autovetture di servizio", "34110000-1"),
    s(F, "Fornitura di veicoli elettrici", "34144900-7"),
    s(F, "Fornitura di energia elettrica", "09310000-5"),
    s(
        S,
        "Servizio di manutenzione del verde pubblico",
        "77310000-6",
    ),
    s(S, "Servizio di pulizia degli uffici", "90919200-4"),
    s(
        S,
        "Servizio di raccolta e trasporto dei rifiuti urbani",
        "90511000-2",
    ),
    s(S, "Servizio di spazzamento stradale", "90610000-6"),
    s(S, "Servizio di refezione scolastica", "55524000-9"),
    s(S, "Servizio di trasporto scolastico", "60130000-8"),
    s(
        S,
        "Servizio di manutenzione degli impianti di riscaldamento",
        "50720000-8",
    ),
    s(S, "Servizio di manutenzione degli ascensori", "50750000-7"),
    s(
        S,
        "Servizio di manutenzione degli impianti antincendio",
        "50413200-5",
    ),
    s(
        S,
        "Servizio di assistenza e manutenzione informatica",
        "50312000-5",
    ),
    s(
        S,
        "Servizio di conservazione digitale dei documenti",
        "72317000-0",
    ),
    s(S, "Servizio antispam e backup dei dati", "72910000-2"),
    s(S, "Servizio di brokeraggio assicurativo", "66518100-5"),
    s(S, "Servizio di tesoreria", "66600000-6"),
    s(S, "Servizio di assistenza domiciliare", "85312000-9"),
    s(S, "Servizi sociali educativi", "85320000-8"),
    s(
        S,
        "Incarico di progettazione definitiva ed esecutiva",
        "71322000-1",
    ),
    s(S, "Incarico di direzione dei lavori", "71247000-1"),
    s(S, "Servizio di vigilanza", "79713000-5"),
    s(S, "Servizio di sgombero neve", "90620000-9"),
    s(
        S,
        "Servizio di disinfestazione e derattizzazione",
        "90923000-3",
    ),
    s(S, "Incarico di consulenza legale", "79110000-8"),
    s(S, "Servizio di formazione del personale", "80500000-9"),
    s(
        S,
        "Servizio di organizzazione di eventi culturali",
        "79952000-2",
    ),
    s(S, "Servizio di gestione museale", "92521000-9"),
    s(
        S,
        "Servizio di riscossione coattiva delle entrate",
        "79940000-5",
    ),
    s(L, "Lavori di manutenzione straordinaria", "45214200-2"),
    s(L, "Lavori di rifacimento del manto stradale", "45233142-6"),
    s(L, "Lavori di riqualificazione energetica", "45321000-3"),
    s(L, "Lavori di adeguamento sismico", "45223000-6"),
    s(
        L,
        "Lavori di manutenzione della rete fognaria",
        "45232410-9",
    ),
    s(
        L,
        "Lavori di realizzazione della pista ciclabile",
        "45233162-2",
    ),
    s(L, "Lavori di restauro conservativo", "45454100-5"),
    s(
        L,
        "Lavori di efficientamento dell'illuminazione pubblica",
        "45316110-9",
    ),
    s(L, "Lavori di sistemazione idraulica", "45246000-3"),
    s(L, "Lavori di riqualificazione", "45262700-8"),
];

/// Where works and maintenance happen, by kind of body.
pub const PLACES_LOCAL: &[&str] = &[
    "della sede municipale",
    "della scuola primaria «Giovanni Pascoli»",
    "della scuola secondaria «Dante Alighieri»",
    "del Palazzo comunale",
    "del cimitero comunale",
    "degli impianti sportivi",
    "della biblioteca civica",
    "del centro storico",
    "di via Roma",
    "di piazza Garibaldi",
    "del parco urbano",
    "della frazione di San Martino",
    "della palestra comunale",
];

pub const PLACES_HEALTH: &[&str] = &[
    "del presidio ospedaliero",
    "della Casa della Comunità",
    "degli uffici del Distretto sanitario",
    "del poliambulatorio",
];

pub const PLACES_CONSORTIUM: &[&str] = &[
    "del canale di bonifica",
    "dell'impianto idrovoro",
    "della sede consortile",
    "degli argini del torrente",
];

/// What supplies and services are for, appended to the subject.
pub const PURPOSES: &[&str] = &[
    "per gli uffici dell'Ente",
    "per il fabbisogno annuale",
    "per il biennio",
    "per i servizi dell'Ente",
    "in adesione al piano degli acquisti",
];

pub const FIRST_NAMES: &[&str] = &[
    "Alessandro",
    "Andrea",
    "Anna",
    "Antonio",
    "Chiara",
    "Claudia",
    "Daniela",
    "Davide",
    "Elena",
    "Federica",
    "Francesco",
    "Giovanni",
    "Giulia",
    "Giuseppe",
    "Laura",
    "Luca",
    "Marco",
    "Maria",
    "Massimo",
    "Matteo",
    "Michela",
    "Paola",
    "Paolo",
    "Roberto",
    "Sara",
    "Simona",
    "Stefano",
    "Valentina",
];

pub const SURNAMES: &[&str] = &[
    "Bianchi", "Bruno", "Colombo", "Conti", "Costa", "Esposito", "Ferrari", "Ferri", "Fontana",
    "Galli", "Gallo", "Greco", "Lombardi", "Mancini", "Marino", "Martini", "Moretti", "Ricci",
    "Rinaldi", "Romano", "Rossi", "Russo", "Santoro", "Serra", "Testa", "Villa", "Barbieri",
    "Caruso", "Leone", "Longo", "Mariani", "Vitale",
];

pub const COMPANY_PREFIXES: &[&str] = &[
    "Edil",
    "Tecno",
    "Eco",
    "Info",
    "Termo",
    "Elettro",
    "Green",
    "Nuova",
    "Global",
    "Medi",
    "Idro",
    "Sistemi",
    "Servizi",
    "Costruzioni",
    "Impianti",
    "Forniture",
];

pub const COMPANY_FORMS: &[&str] = &[
    "S.r.l.",
    "S.r.l.",
    "S.r.l.",
    "S.p.A.",
    "S.n.c.",
    "S.r.l.s.",
    "Soc. coop.",
    "Soc. coop. sociale",
    "S.a.s.",
];

pub const STREETS: &[&str] = &[
    "Via Roma",
    "Via Garibaldi",
    "Via Mazzini",
    "Corso Italia",
    "Via Dante",
    "Via dell'Industria",
    "Via dell'Artigianato",
    "Viale Europa",
    "Via Verdi",
    "Via Cavour",
    "Via della Repubblica",
    "Via Marconi",
    "Via San Francesco",
];

/// Towns for bodies and supplier addresses: name, province, postcode, office code.
pub const TOWNS: &[(&str, &str, &str, u32)] = &[
    ("Livorno", "LI", "57121", 46),
    ("Pisa", "PI", "56121", 50),
    ("Pontedera", "PI", "56025", 50),
    ("Lucca", "LU", "55100", 47),
    ("Firenze", "FI", "50122", 48),
    ("Prato", "PO", "59100", 100),
    ("Siena", "SI", "53100", 52),
    ("Arezzo", "AR", "52100", 51),
    ("Grosseto", "GR", "58100", 53),
    ("Massa", "MS", "54100", 45),
    ("Bergamo", "BG", "24121", 16),
    ("Ponte San Pietro", "BG", "24036", 16),
    ("Brescia", "BS", "25121", 17),
    ("Milano", "MI", "20121", 15),
    ("Monza", "MB", "20900", 108),
    ("Como", "CO", "22100", 13),
    ("Torino", "TO", "10121", 1),
    ("Novara", "NO", "28100", 3),
    ("Cuneo", "CN", "12100", 4),
    ("Genova", "GE", "16121", 10),
    ("La Spezia", "SP", "19121", 11),
    ("Bologna", "BO", "40121", 37),
    ("Modena", "MO", "41121", 36),
    ("Parma", "PR", "43121", 34),
    ("Ravenna", "RA", "48121", 39),
    ("Padova", "PD", "35121", 28),
    ("Verona", "VR", "37121", 23),
    ("Treviso", "TV", "31100", 26),
    ("Trento", "TN", "38122", 22),
    ("Udine", "UD", "33100", 30),
    ("Perugia", "PG", "06121", 54),
    ("Ancona", "AN", "60121", 42),
    ("Roma", "RM", "00184", 58),
    ("Latina", "LT", "04100", 59),
    ("Napoli", "NA", "80133", 63),
    ("Salerno", "SA", "84121", 65),
    ("Bari", "BA", "70121", 72),
    ("Lecce", "LE", "73100", 75),
    ("Palermo", "PA", "90133", 82),
    ("Cagliari", "CA", "09124", 92),
];

/// Offices of a comune or a provincia.
pub const OFFICES_LOCAL: &[&str] = &[
    "Settore Lavori pubblici",
    "Settore Sistemi informativi",
    "Settore Affari generali",
    "Settore Servizi sociali",
    "Settore Polizia locale",
    "Settore Ambiente e verde pubblico",
    "Settore Istruzione e servizi educativi",
    "Settore Patrimonio e manutenzioni",
    "Settore Cultura e turismo",
    "Settore Bilancio e tributi",
];

pub const OFFICES_HEALTH: &[&str] = &[
    "UOC Provveditorato ed economato",
    "UOC Tecnico patrimoniale",
    "UOC Farmacia ospedaliera",
    "UOC Sistemi informativi",
    "UOC Gestione risorse umane",
];

pub const OFFICES_CONSORTIUM: &[&str] = &[
    "Area tecnica",
    "Area amministrativa",
    "Servizio manutenzione opere",
];

/// Platforms and instruments of purchase.
pub const DIRECT_TOOLS: &[&str] = &[
    "MePA, trattativa diretta",
    "MePA, ordine diretto",
    "piattaforma telematica dell'Ente",
    "START, piattaforma regionale",
    "Sintel, piattaforma regionale",
];
