// Splits English text files into sentences, one per output line: "<year>\t<sentence>" (the year is the
// file name's first field, as in datasets/sotu). A sentence ends at . ! or ? (with closing quotes or
// brackets) before whitespace and a capital, a digit or an opening quote -- unless the word ending in
// the period is an abbreviation (Mr., U.S., Jan., a single initial). Sentences of 3 to 80 words are kept.
//   node scripts/lib/split-sentences.js FILE...
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
  return out.filter(s => {
    const n = s.split(' ').length;
    return n >= 3 && n <= 80;
  });
}

for (const file of process.argv.slice(2)) {
  const year = path.basename(file).split('_')[0];
  for (const s of sentences(fs.readFileSync(file, 'utf8'))) {
    process.stdout.write(year + '\t' + s + '\n');
  }
}
