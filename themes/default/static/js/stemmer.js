// Snowball Italian stemmer on a folded word (our own implementation of the published
// algorithm; the Rust side uses rust-stemmers, and a test checks they agree).

const isV = (c) => c !== undefined && 'aeiouàèìòù'.includes(c);

export function stem(word) {
  const a = [...word.replace(/qu/g, 'qU')];
  for (let i = 1; i < a.length - 1; i++) {
    if (isV(a[i - 1]) && isV(a[i + 1]) && (a[i] === 'u' || a[i] === 'i')) a[i] = a[i].toUpperCase();
  }
  let s = a.join('');
  const { rv, r1, r2 } = regions(a);
  const start = (suf) => s.length - suf.length;
  const longest = (list, limit = 0) => list.filter((x) => s.endsWith(x) && start(x) >= limit)
    .reduce((best, x) => (x.length > best.length ? x : best), '');
  const cut = (n) => { s = s.slice(0, s.length - n); };
  // Step 0: attached pronouns after gerund or infinitive stems.
  const pron = longest(PRONOUNS);
  if (pron) {
    const before = s.slice(0, start(pron));
    const verb = ['ando', 'endo', 'ar', 'er', 'ir'].find((v) => before.endsWith(v));
    if (verb && before.length - verb.length >= rv) s = verb.length === 4 ? before : before + 'e';
  }
  // Step 1 (standard suffixes), else step 2 (verb suffixes, within RV).
  if (!standardSuffix()) {
    const verb = longest(VERB, rv);
    if (verb) cut(verb.length);
  }
  // Step 3: final vowel, then ch/gh.
  if ('aeio'.includes(s.at(-1) ?? 'x') && s.length - 1 >= rv) {
    cut(1);
    if (s.endsWith('i') && s.length - 1 >= rv) cut(1);
  }
  if (/[cg]h$/.test(s) && s.length - 2 >= rv) cut(1);
  return s.replace(/I/g, 'i').replace(/U/g, 'u');

  function standardSuffix() {
    const suf = longest(STANDARD);
    if (!suf) return false;
    const at = start(suf);
    const inR2 = at >= r2;
    const drop = (x, lim) => { if (s.endsWith(x) && start(x) >= lim) { cut(x.length); return true; } return false; };
    if (['azione', 'azioni', 'atore', 'atori'].includes(suf)) {
      if (!inR2) return false;
      cut(suf.length); drop('ic', r2);
    } else if (suf === 'logia' || suf === 'logie') {
      if (!inR2) return false;
      s = s.slice(0, at) + 'log';
    } else if (/^u[zs]ion[ei]$/.test(suf)) {
      if (!inR2) return false;
      s = s.slice(0, at) + 'u';
    } else if (suf === 'enza' || suf === 'enze') {
      if (!inR2) return false;
      s = s.slice(0, at) + 'ente';
    } else if (/^[ai]ment[oi]$/.test(suf)) {
      if (at < rv) return false;
      cut(suf.length);
    } else if (suf === 'amente') {
      if (at < r1) return false;
      cut(suf.length);
      const next = ['iv', 'os', 'ic', 'abil'].filter((x) => s.endsWith(x)).sort((x, y) => y.length - x.length)[0];
      if (next && start(next) >= r2) { cut(next.length); if (next === 'iv') drop('at', r2); }
    } else if (/^iv[oiae]$/.test(suf)) {
      if (!inR2) return false;
      cut(suf.length);
      if (drop('at', r2)) drop('ic', r2);
    } else {
      if (!inR2) return false;
      cut(suf.length);
    }
    return true;
  }
}

function regions(a) {
  const n = a.length;
  const after = (from, wantVowel) => {
    for (let i = from; i < n; i++) if (isV(a[i]) === wantVowel) return i + 1;
    return -1;
  };
  let rv = n;
  if (n >= 2) {
    let p = -1;
    if (isV(a[0])) p = isV(a[1]) ? after(2, false) : after(2, true);
    else p = isV(a[1]) ? (n >= 3 ? 3 : -1) : after(2, true);
    if (p >= 0) rv = p;
  }
  const past = (from) => {
    const v = after(from, true);
    const c = v < 0 ? -1 : after(v, false);
    return c < 0 ? n : c;
  };
  const r1 = past(0);
  return { rv, r1, r2: past(r1) };
}

const PRONOUNS = ('ci gli la le li lo mi ne si ti vi sene gliela gliele glieli glielo gliene mela mele meli melo ' +
  'mene tela tele teli telo tene cela cele celi celo cene vela vele veli velo vene').split(' ');
const STANDARD = ('anza anze ico ici ica ice iche ichi ismo ismi abile abili ibile ibili ista iste isti oso osi ' +
  'osa ose mente atrice atrici ante anti azione azioni atore atori logia logie uzione uzioni usione usioni enza ' +
  'enze amento amenti imento imenti amente ivo ivi iva ive').split(' ');
const VERB = ('ammo ando ano are arono asse assero assi assimo ata ate ati ato ava avamo avano avate avi avo emmo ' +
  'enda ende endi endo erai eranno ere erebbe erebbero erei eremmo eremo ereste eresti erete erono essero ete eva ' +
  'evamo evano evate evi evo Yamo iamo immo irai iranno ire irebbe irebbero irei iremmo iremo ireste iresti irete ' +
  'irono isca iscano isce isci isco iscono issero ita ite iti ito iva ivamo ivano ivate ivi ivo ono uta ute uti ' +
  'uto ar ir').split(' ');
