// A real `grantflow serve` for the browser tests: a fresh SQLite database in
// a temporary folder, `grantflow init` + `grantflow demo`, served with
// --demo (the demo accounts are what the tests sign in with; `demo: false`
// leaves the database as `grantflow init` made it), a free port
// (--port 0; the chosen one is read from the "grantflow serving" line).
// The temporary folder is made below GF_WORK_DIR (ctest passes one in the
// build folder; default: the system's temporary folder) and holds everything
// the server writes: database, attachment files (--files, given to both
// `demo` and `serve`, whose default var/files is relative to the working
// folder) and log. stop() deletes it unless GF_KEEP_TMP=1.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = path.resolve(here, '..', '..', '..');
export const binary = process.env.GRANTFLOW_BIN || path.join(sourceDir, 'build', 'web', 'app', 'grantflow');
export const demoPassword = 'Grantflow-demo-2026';

// `serveArgs`: more flags for `grantflow serve` (e.g. an SMTP relay).
export async function startServer({ serveArgs = [], demo = true } = {}) {
  const parent = process.env.GF_WORK_DIR || tmpdir();
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, 'gf-browser-'));
  const db = `sqlite3://db=${dir}/grantflow.db timeout=10`;
  execFileSync(binary, ['init', '--db', db], { stdio: 'ignore' });
  if (demo) execFileSync(binary, ['demo', '--db', db, '--files', path.join(dir, 'files')], { stdio: 'ignore' });
  // --demo: serve refuses the demo accounts (published password) without it.
  // The tests sign in often: passwords are hashed at the minimum cost
  // unless a test sets one (the demo's hashes are redone at first sign-in).
  const cost = serveArgs.includes('--password-hashing-cost') ? [] : ['--password-hashing-cost', 'minimum'];
  const child = spawn(binary, ['serve', '--db', db, '--port', '0', '--files', path.join(dir, 'files'),
    '--log', path.join(dir, 'server.log'), ...(demo ? ['--demo'] : []), ...cost, ...serveArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`grantflow serve did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/grantflow serving (http:\/\/\S+?)\/? /);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`grantflow serve exited ${code}: ${stderr}`)); });
  });
  // A server that dies under a test leaves only "connection refused" in the
  // browser: say how it ended and what it wrote (a sanitizer's report).
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`grantflow serve ended during the test (${signal ?? `exit ${code}`}); its stderr:\n${stderr.slice(-8000)}`);
  });
  return {
    url,
    dir,
    db,
    log: path.join(dir, 'server.log'),
    async stop() {
      stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => { setTimeout(r, 10000); })]);
      if (process.env.GF_KEEP_TMP !== '1') rmSync(dir, { recursive: true, force: true });
    },
  };
}
