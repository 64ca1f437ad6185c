// The test SMTP relay (tests/tools/smtp_sink, its path in GF_SMTP_SINK) for
// the browser tests: started on a free port, writing each message it accepts
// to <dir>/<n>.eml with its envelope first; and the token of a link the
// server mailed to someone.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export async function startSink(dir) {
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.env.GF_SMTP_SINK, ['--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('smtp_sink did not start')), 10000);
    child.stdout.once('data', (d) => { clearTimeout(timer); resolve(String(d).trim().split('\n')[0]); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`smtp_sink exited ${code}`)); });
  });
  return {
    port,
    dir,
    // The flags that make `grantflow serve` mail through this relay.
    serveArgs: ['--smtp-host', '127.0.0.1', '--smtp-port', port, '--mail-from', 'subventions@paris.example.fr',
      '--public-url', 'https://subventions.paris.example.fr'],
    stop() { child.kill('SIGTERM'); },
  };
}

// The token of the last link to `page` ("/invitation") mailed to `email`,
// waiting (at most 10 seconds) for the mail to arrive.
export async function mailedToken(sink, email, page) {
  const link = new RegExp(`${page}\\?token=([0-9a-f]{64})`);
  for (let i = 0; i < 100; i += 1) {
    let token = null;
    for (const name of readdirSync(sink.dir).filter((n) => n.endsWith('.eml')).sort((a, b) => parseInt(a, 10) - parseInt(b, 10))) {
      // Quoted-printable: soft line breaks and "=3D" for "=".
      const text = readFileSync(path.join(sink.dir, name), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const m = text.match(link);
      if (text.includes(`<${email}>`) && m) [, token] = m;
    }
    if (token) return token;
    await new Promise((r) => { setTimeout(r, 100); });
  }
  throw new Error(`no link to ${page} reached ${email}`);
}
