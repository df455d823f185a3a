// The result file of scripts/bench-classify: ROOT=... node bench-classify-report.js OUT COMMAND RUN... (each RUN a
// finished run directory of conf/spam.conf, named ...-seedN); BENCH_NOTE adds a sentence on the conditions.
const fs = require('fs');
const [out, command, ...runs] = process.argv.slice(2);
const bench = require(process.env.ROOT + '/scripts/lib/bench-header.js');
const header = bench.header();
const reports = runs.map(r => JSON.parse(fs.readFileSync(r + '/report.json', 'utf8')));
const seeds = runs.map(r => r.replace(/.*seed/, ''));
const pct = x => (100 * x).toFixed(2) + '%';
const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
const r0 = reports[0];
const note = process.env.BENCH_NOTE ? ' ' + process.env.BENCH_NOTE : '';
const names = Object.keys(r0.scores);
const range = (xs, f) => xs.length > 1 && Math.max(...xs) > Math.min(...xs) ? ` (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : '';
const rows = names.map(n => {
  const s = k => reports.map(r => r.scores[n][k]);
  const label = n.startsWith('Braid') ? 'Braid (conf/spam.conf)' : n;
  return `| ${label} | ${pct(mean(s('accuracy')))}${range(s('accuracy'), pct)} | ${pct(mean(s('precision')))} | ` +
    `${pct(mean(s('recall')))} | ${mean(s('f1')).toFixed(4)} | ${mean(s('auc')).toFixed(4)} |`;
});
const braid = names.find(n => n.startsWith('Braid'));
const config = fs.readFileSync(runs[0] + '/config.conf', 'utf8').trim();
const md = [
  `# SpamAssassin: Braid's sequence classifier against MLlib on TF-IDF — ${header.date.slice(0, 10)}`, '',
  bench.line(header), '',
  `The SpamAssassin public corpus (scripts/fetch-datasets spam-assassin: 4,150 ham, 1,896 spam raw mails), ` +
  `${r0.testDocs.toLocaleString('en')} mails held out for the test by a hash of their file names (classify.splitSeed = 42, ` +
  `the same mails in every run), ${r0.validationDocs} of the rest to pick Braid's epoch, ${r0.trainDocs.toLocaleString('en')} ` +
  `trained on. The MLlib baselines are fitted in the same run on the training and validation mails ` +
  `(RegexTokenizer on non-word characters, HashingTF of 2^18, IDF; NaiveBayes multinomial; LogisticRegression, 100 ` +
  `iterations, regParam 1e-4). ${reports.length} run(s), seeds ${seeds.join(', ')}: Braid trained ` +
  reports.map(r => `${(r.trainSeconds / 60).toFixed(1)} min (${r.rounds} rounds, ${r.kept})`).join(', ') +
  ' on local Spark, 2 workers.' + note + ' Figures are means over the runs (the range in brackets); precision, ' +
  'recall and F1 are of spam at probability 0.5; AUC is ROC AUC.', '',
  '| classifier | accuracy | precision | recall | F1 | ROC AUC |', '|---|---|---|---|---|---|', ...rows, '',
  'Per run (seed: Braid accuracy, errors as false positives + false negatives): ' + reports.map((r, i) => {
    const c = r.scores[braid].counts;
    return `${seeds[i]}: ${pct(r.scores[braid].accuracy)} (${c.fp} + ${c.fn})`;
  }).join('; ') + '.', '',
  'Command: `' + command + '`. Config (first run):', '', '```', config, '```', '',
];
fs.writeFileSync(out + '.md', md.join('\n'));
fs.writeFileSync(out + '.json', JSON.stringify({header, command, runs: runs.map(r => require('path').basename(r)), reports}, null, 2));
console.log(md.slice(0, 12).join('\n'));
console.log('written ' + out + '.md and .json');
