// Splits English text files into sentences, one per output line: "<label>\t<sentence>". A sentence ends
// at . ! or ? (with closing quotes or brackets) before whitespace and a capital, a digit or an opening
// quote -- unless the word ending in the period is an abbreviation (Mr., U.S., Jan., a single initial).
// Sentences of 3 to 80 words are kept.
//   node scripts/lib/split-sentences.js FILE...           State of the Union addresses (datasets/sotu):
//        the label is the year, the file name's first field; the whole file is one run of text.
//   node scripts/lib/split-sentences.js --prose FILE...   hard-wrapped books (Project Gutenberg): the label
//        is the file name. Paragraphs (separated by blank lines) are split on their own, so that a heading
//        is never glued to the sentence after it; a "[Title by Author]" first line, Bible verse numbers
//        ("1:2 ", also inside a paragraph) and _italic_ underscores are removed; indented blocks (verse quoted in prose) are left
//        out; only sentences that end in . ! or ? and hold a lower-case letter are kept (no headings).
//   node scripts/lib/split-sentences.js --brown FILE...   the Brown corpus: one tagged sentence a line
//        ("The/at jury/nn ,/,"); tags are dropped, `` and '' become ", and the tokens are joined again
//        without the space before punctuation; only whole sentences are kept, as in --prose, less those
//        with a formula ("Af", "**"). The label is the file name.
// The default mode is the one the SOTU corpus was built with: its output must not change.
'use strict';
const fs = require('fs');
const path = require('path');

const ABBREVIATIONS = new Set(('mr mrs ms dr st jr sr gen gov rep reps sen hon messrs mt ft no nos vol vols co corp inc ' +
  'ltd bros vs etc jan feb mar apr jun jul aug sep sept oct nov dec art sec secs cf ibid viz lt col capt adm maj sgt ' +
  'prof rev esq op pp ch cong sess doc').split(' '));

function isAbbreviation(word) {
  const w = word.replace(/^["'(\[]+/, '').replace(/\.$/, '');
  if (/^[A-Za-z]$/.test(w)) return true;            // an initial: "John Q. Adams"
  if (/^([A-Za-z]\.)+[A-Za-z]?$/.test(w)) return true; // U.S., i.e., H.R
  return ABBREVIATIONS.has(w.toLowerCase());
}

// ends like a sentence and is not an all-capitals heading
const isWholeSentence = s => /[.!?]["')\]]*$/.test(s) && /\p{Ll}/u.test(s);

const wordCountOk = s => {
  const n = s.split(' ').length;
  return n >= 3 && n <= 80;
};

function sentences(text) {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const out = [];
  let current = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    current.push(w);
    const next = words[i + 1];
    const ends = /[.!?]["')\]]*$/.test(w);
    const starts = next !== undefined && /^["'(\[]?[A-Z0-9]/.test(next);
    if (ends && starts && !(/\.["')\]]*$/.test(w) && isAbbreviation(w.replace(/["')\]]+$/, '')))) {
      out.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) out.push(current.join(' '));
  return out.filter(wordCountOk);
}

function proseSentences(text) {
  const paragraphs = text.replace(/\r/g, '').split(/\n[ \t]*\n/);
  const out = [];
  paragraphs.forEach((p, i) => {
    if (p.trim() === '') return;
    if (i === 0 && /^\s*\[[^\]]*\]\s*$/.test(p)) return;        // "[Emma by Jane Austen 1816]"
    const lines = p.split('\n').filter(l => l.trim() !== '');
    if (lines.every(l => /^\s/.test(l))) return;                // indented: quoted verse, a letter's heading
    const body = p.replace(/(^|\s)\d+:\d+\s+/g, '$1').replace(/_/g, '');
    out.push(...sentences(body).filter(isWholeSentence));
  });
  return out;
}

function brownSentences(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const tokens = line.trim().split(/\s+/).map(t => t.replace(/\/[^\/]*$/, ''))
      .map(t => (t === '``' || t === "''" ? '"' : t));
    let s = tokens.join(' ');
    // an opening quote sticks to the word after it, a closing one to the word before it: quotes pair up
    let open = true;
    s = s.replace(/(^| )" ?/g, (m, lead) => {
      const r = open ? lead + '"' : '"' + (m.endsWith(' ') ? ' ' : '');
      open = !open;
      return r;
    });
    s = s.replace(/ ([,.;:?!)\]])/g, '$1').replace(/([(\[]) /g, '$1').replace(/\s+/g, ' ').trim();
    // Brown also cuts at semicolons ("relations ; ;"), and writes formulas as "Af" or "**": not kept
    if (wordCountOk(s) && isWholeSentence(s) && !/\*\*|\bAf\b/.test(s)) out.push(s);
  }
  return out;
}

let mode = 'sotu';
let files = process.argv.slice(2);
if (files[0] === '--prose' || files[0] === '--brown') mode = files.shift().slice(2);
const split = { sotu: sentences, prose: proseSentences, brown: brownSentences }[mode];
for (const file of files) {
  const label = mode === 'sotu' ? path.basename(file).split('_')[0] : path.basename(file);
  const lines = split(fs.readFileSync(file, 'utf8')).map(s => label + '\t' + s + '\n');
  process.stdout.write(lines.join(''));
}
