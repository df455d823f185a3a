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
