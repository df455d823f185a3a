// Writes the word-by-word baseline dictionary of the translation corpus: "english<TAB>spanish", one line
// per English word, from Apertium's compiled English→Spanish bilingual dictionary (the .dix itself is
// not shipped by Debian's apertium-eng-spa, only eng-spa.autobil.bin, compiled for the left-to-right
// direction, so right-to-left-only entries are already gone).
//   node scripts/lib/bidix-dictionary.js /usr/share/apertium/apertium-eng-spa/eng-spa.autobil.bin > dictionary.tsv
//
// 1. `lt-print` dumps the transducer (AT&T text); every path of its main section through states that lie
//    on no cycle is one entry "lemma<tags>:lemma<tags>" (the expansion lt-expand would give of the .dix;
//    the only cycle is a digit loop for numbers). Other sections (roman numerals, catch-alls) are ignored.
// 2. Kept: English lemmas that are one token (no space, no '#' group mark) and contain a letter, less the
//    placeholder "prpers" and acronyms (two capitals or more). English lemmas only: the bidix has no
//    inflected forms ("is", "has", "states" get no line), and inflection is what the baseline lacks.
// 3. One Spanish word per lower-cased English word, chosen in this order:
//    - a non-empty translation (the auxiliaries "will", "do", "shall" translate to nothing: tense);
//    - the English part of speech, by PART_OF_SPEECH below (closed classes, adverb, noun, verb,
//      adjective, pre-adverb, proper noun; any other tag after these, by name);
//    - an entry whose English lemma is already lower-case ("bill" the noun before "Bill");
//    - the translation `lt-proc -b` lists first for that entry: the one Apertium's pipeline keeps when
//      no lexical-selection rule applies (house -> casa, not cámara);
//    - finally the English side itself (lemma and tags), in string order.
//    Tags are dropped, the '#' group mark removed and a blank (<b/>) kept as a space.
// Output is sorted by code point of the English word (LC_ALL=C sort order).
'use strict';
const { spawnSync } = require('child_process');

// Closed classes first (few words, each very frequent: "that" is a relative or a conjunction before a
// determiner, "but" a conjunction before a preposition); adverb before noun ("well": bien, not pozo);
// noun before verb and adjective ("world": mundo, not mundial). Of the orders tried this one matched
// the most Apertium translations word for word over the SOTU training pairs (72.7 % of covered tokens).
const PART_OF_SPEECH = ['vbser', 'vbhaver', 'vbmod', 'vaux', 'vbdo', 'rel', 'cnjsub', 'det', 'predet', 'prn',
  'cnjcoo', 'pr', 'cnjadv', 'num', 'adv', 'n', 'vblex', 'adj', 'preadv', 'np'];

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.code}): install Debian's lttoolbox-dev`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

// the main section of the transducer as arcs per state, and its final states
function mainSection(att) {
  const arcs = new Map();
  const finals = new Set();
  for (const line of att.split('\n')) {
    if (line === '--') break;
    if (line === '') continue;
    const f = line.split('\t');
    if (f.length <= 3) { finals.add(+f[0]); continue; }
    const from = +f[0];
    if (!arcs.has(from)) arcs.set(from, []);
    arcs.get(from).push([+f[1], f[2] === 'ε' ? '' : f[2], f[3] === 'ε' ? '' : f[3]]);
  }
  return { arcs, finals };
}

// states on a cycle (Tarjan's strongly connected components, iterative)
function cyclicStates({ arcs }, root) {
  const index = new Map(), low = new Map(), onStack = new Set(), stack = [], cyclic = new Set();
  let next = 0;
  const visit = v => { index.set(v, next); low.set(v, next); next++; stack.push(v); onStack.add(v); };
  visit(root);
  const work = [[root, 0]];
  while (work.length) {
    const top = work[work.length - 1];
    const [v, i] = top;
    const out = arcs.get(v) || [];
    if (i < out.length) {
      top[1]++;
      const w = out[i][0];
      if (w === v) cyclic.add(v);
      if (!index.has(w)) { visit(w); work.push([w, 0]); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
      continue;
    }
    work.pop();
    if (work.length) { const u = work[work.length - 1][0]; low.set(u, Math.min(low.get(u), low.get(v))); }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1) component.forEach(c => cyclic.add(c));
    }
  }
  return cyclic;
}

// every English side "lemma<tags>" of the acyclic paths
function englishEntries(section) {
  const cyclic = cyclicStates(section, 0);
  const entries = new Set();
  const work = [[0, '']];
  while (work.length) {
    const [s, input] = work.pop();
    if (cyclic.has(s)) continue;
    if (section.finals.has(s)) entries.add(input);
    for (const [to, i] of section.arcs.get(s) || []) work.push([to, input + i]);
  }
  return [...entries];
}

const lemmaOf = lu => lu.replace(/<.*$/, '');
const tagsOf = lu => lu.slice(lemmaOf(lu).length);
const escape = s => s.replace(/[\\^$@*\/<>{}\[\]#+~|]/g, c => '\\' + c);

function main(bin) {
  const english = englishEntries(mainSection(run('lt-print', [bin])))
    .filter(e => /^[^\s#]*\p{L}[^\s#]*$/u.test(lemmaOf(e)) && /^(<[^<>]+>)+$/.test(tagsOf(e)))
    .sort();
  // one lexical unit a line, so line i of the answer belongs to english[i]
  const input = english.map(e => '^' + escape(lemmaOf(e)) + tagsOf(e) + '$').join('\n') + '\n';
  const answer = run('lt-proc', ['-b', bin], input).split('\n');
  if (answer.length !== english.length + 1) throw new Error(`lt-proc -b answered ${answer.length - 1} lines for ${english.length}`);
  const best = new Map();
  english.forEach((e, i) => {
    const m = /^\^(.*)\$$/.exec(answer[i] || '');
    if (!m) throw new Error(`lt-proc -b answered "${answer[i]}" for ${e}`);
    const first = m[1].split(/(?<!\\)\//)[1]; // [0] is the English unit itself
    if (first === undefined || first.startsWith('@')) return; // no translation
    const spanish = first.replace(/\\(.)/g, '$1').replace(/<[^<>]*>/g, '').replace(/#/g, '').replace(/\s+/g, ' ').trim();
    if (spanish === '') return;
    const lemma = lemmaOf(e);
    // "prpers" stands for every personal pronoun (their forms come from morphology); an acronym would
    // lower-case into a word it is not ("US" into "us", "ARE" into "are")
    if (lemma === 'prpers' || /\p{Lu}.*\p{Lu}/u.test(lemma)) return;
    const pos = (/^<([^<>]+)>/.exec(tagsOf(e)) || [])[1];
    const rank = PART_OF_SPEECH.indexOf(pos);
    const key = [rank < 0 ? PART_OF_SPEECH.length : rank, rank < 0 ? pos : '', lemma === lemma.toLowerCase() ? 0 : 1, e];
    const word = lemma.toLowerCase();
    const held = best.get(word);
    if (!held || compare(key, held.key) < 0) best.set(word, { key, spanish });
  });
  const words = [...best.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  process.stdout.write(words.map(w => w + '\t' + best.get(w).spanish + '\n').join(''));
}

function compare(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

try {
  if (process.argv.length !== 3) throw new Error('usage: node bidix-dictionary.js eng-spa.autobil.bin');
  main(process.argv[2]);
} catch (e) {
  process.stderr.write('bidix-dictionary: ' + e.message + '\n');
  process.exit(1);
}
