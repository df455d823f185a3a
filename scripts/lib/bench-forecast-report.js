// The result file of scripts/bench-forecast: CONF=conf/x.conf node bench-forecast-report.js OUT COMMAND RUN... (each
// RUN a finished run directory of CONF, named ...-seedN); BENCH_NOTE adds a sentence on the conditions.
const fs = require('fs');
const [out, command, ...runs] = process.argv.slice(2);
const bench = require(process.env.ROOT + '/scripts/lib/bench-header.js');
const header = bench.header();
const reports = runs.map(r => JSON.parse(fs.readFileSync(r + '/report.json', 'utf8')));
const f = x => x.toFixed(3) + '%';
const r0 = reports[0];
const conf = process.env.CONF || 'conf/births.conf';
// a set of series (forecast.series names a column) forecasts rows of a week each (the weekday series)
const set = /\bseries\s*=\s*"?[A-Za-z_]/.test(fs.readFileSync(runs[0] + '/config.conf', 'utf8'));
const unit = set ? 'weeks' : 'days';
const note = process.env.BENCH_NOTE ? ' ' + process.env.BENCH_NOTE : '';
const names = Object.keys(r0.errors);
const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = names.map(n => {
  const s = reports.map(r => r.errors[n].smape), m = reports.map(r => r.errors[n].mape);
  const h = reports.map(r => r.errors[n].smapeByHorizon);
  const label = n === 'model' ? `Braid (${conf})` : n;
  const range = s.length > 1 && Math.max(...s) > Math.min(...s) ? ` (${f(Math.min(...s))}–${f(Math.max(...s))})` : '';
  return `| ${label} | ${f(mean(s))}${range} | ${f(mean(m))} | ${f(mean(h.map(x => x[0])))} | ${f(mean(h.map(x => x[x.length - 1])))} |`;
});
const config = fs.readFileSync(runs[0] + '/config.conf', 'utf8').trim();
const md = [
  `# US births${set ? ' as a set of series' : ''}: ${r0.horizon}-${unit.slice(0, -1)} forecasts over the 2014 rolling ` +
  `origin — ${header.date.slice(0, 10)}`, '',
  bench.line(header), '',
  `Trained on 2000-01-01..2013-12-31; ${r0.origins} origins${set ? ' over the series' : ''} from the last before ` +
  `${r0.testFrom}, each forecasting the next ${r0.horizon} ${unit}: ${(r0.origins * r0.horizon).toLocaleString('en')} ` +
  'forecasts per forecaster. ' +
  `${reports.length} run(s), seeds ${runs.map(r => r.replace(/.*seed/, '')).join(', ')}: training ` +
  reports.map(r => `${(r.trainSeconds / 60).toFixed(1)} min (${r.rounds} rounds)`).join(', ') +
  ' on local Spark, 2 workers.' + note + ' Figures are means over the runs (the range over the runs in brackets); ' +
  'every forecaster reads only days up to each origin; the seasonal baselines are the same in every run, the ' +
  'gradient-boosted trees are fitted with each run\'s seed.', '',
  `| forecaster | sMAPE | MAPE | sMAPE h=1 | sMAPE h=${r0.horizon} |`, '|---|---|---|---|---|', ...rows, '',
  'Per run (seed: Braid against the trees, sMAPE): ' + reports.map((r, i) => `${runs[i].replace(/.*seed/, '')}: ` +
    `${f(r.errors.model.smape)} vs ${r.errors['MLlib gradient-boosted trees'] ? f(r.errors['MLlib gradient-boosted trees'].smape) : 'n/a'}`)
    .join('; ') + '.', '',
  'Command: `' + command + '`. Config (first run):', '', '```', config, '```', '',
];
fs.writeFileSync(out + '.md', md.join('\n'));
fs.writeFileSync(out + '.json', JSON.stringify({header, command, runs: runs.map(r => require('path').basename(r)), reports}, null, 2));
console.log(md.slice(0, 14).join('\n'));
console.log('written ' + out + '.md and .json');
