// The hardware header of a benchmark result file (scripts/bench-sotu, scripts/bench-g2p): machine,
// JVM, BLAS and the commit that ran (BRAID_COMMIT, set by scripts/lib/bench-run.sh).
const os = require('os'), cp = require('child_process');
const sh = c => { try { return cp.execSync(c, {encoding: 'utf8'}).trim(); } catch (e) { return 'unknown'; } };

exports.header = () => ({
  date: new Date().toISOString(), cpu: os.cpus()[0].model, cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30), jvm: sh('java -version 2>&1 | head -1'),
  blas: 'OpenBLAS 0.3.19 (org.bytedeco openblas 1.5.7)', commit: process.env.BRAID_COMMIT,
});

exports.line = h => `Hardware: ${h.cpu}, ${h.cores} cores, ${h.memoryGiB} GiB; ${h.jvm}; ${h.blas}; commit ${h.commit}.`;

// The training stages behind a run's model, oldest first: the run, and the runs it was warm-started
// from (RUN.parent, written by scripts/lib/bench-run.sh), each with its training seconds (all its
// sittings) and the commands that trained it (RUN.command; absent for runs made before it was recorded).
exports.stages = run => {
  const fs = require('fs');
  const out = [];
  for (let r = run; r; r = fs.existsSync(r + '.parent') ? fs.readFileSync(r + '.parent', 'utf8').trim() : null) {
    const report = JSON.parse(fs.readFileSync(r + '/report.json', 'utf8'));
    const command = fs.existsSync(r + '.command')
      ? fs.readFileSync(r + '.command', 'utf8').trim().split('\n').join(', then ') : '(not recorded)';
    out.unshift({run: require('path').basename(r), trainSeconds: report.trainSeconds, epochs: report.epochsSeen, command});
  }
  return out;
};
