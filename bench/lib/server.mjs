// Shared helpers for the benchmarks: start the built API on a fresh DATA_DIR, log in, reach its database.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `node dist/apps/api/src/main.js` on 127.0.0.1 with a new temp DATA_DIR (embedded PostgreSQL,
 * migrations, demo seed). Logs go to DATA_DIR/server.log. Resolves once /api/health answers 200.
 */
export async function startServer({ name, env = {}, timeoutMs = 150_000 } = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `academy-bench-${name}-`));
  const port = await freePort();
  const log = createWriteStream(path.join(dataDir, 'server.log'));
  await new Promise((r) => log.on('open', r));
  // BENCH_NODE_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited) {
      const text = await readFile(path.join(dataDir, 'server.log'), 'utf8').catch(() => '');
      throw new Error(`server exited early (${JSON.stringify(exited)}):\n${text.slice(-3000)}`);
    }
    if (Date.now() - started > timeoutMs) throw new Error('server did not become healthy in time');
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(300);
  }
  return {
    base,
    port,
    dataDir,
    pid: child.pid,
    startupMs: Date.now() - started,
    async stop({ keepDataDir = false } = {}) {
      if (!exited) {
        child.kill('SIGTERM');
        const deadline = Date.now() + 20_000;
        while (!exited && Date.now() < deadline) await sleep(100);
        if (!exited) child.kill('SIGKILL');
        // The embedded PostgreSQL is a child of the server; make sure it is gone too.
        await stopEmbeddedPostgres(dataDir);
      }
      log.end();
      if (!keepDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopEmbeddedPostgres(dataDir) {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  for (let i = 0; i < 100; i++) {
    let pid;
    try {
      pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    } catch {
      return;
    }
    if (!(pid > 0)) return;
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (i === 50) process.kill(pid, 'SIGINT'); // fast shutdown if the server did not stop it
    await sleep(100);
  }
}

/** The embedded database: password from DATA_DIR/secrets, port from postmaster.pid line 4. */
export async function connectDb(dataDir, database = 'academy') {
  const password = (await readFile(path.join(dataDir, 'secrets', 'postgres-password'), 'utf8')).trim();
  const port = Number(
    (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[3],
  );
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database });
  await client.connect();
  return client;
}

/** Logs in; returns a Cookie header value with ca_access and ca_refresh, and a refresh() that renews it. */
export async function login(base, email, password = 'academy-demo') {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const jar = new Map();
  const take = (r) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  take(res);
  const session = {
    at: Date.now(),
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    async refresh() {
      const r = await fetch(`${base}/api/auth/refresh`, {
        method: 'POST',
        headers: { cookie: session.cookie },
      });
      if (!r.ok) throw new Error(`refresh: ${r.status}`);
      take(r);
      session.at = Date.now();
    },
    /** Renews the 5-minute access cookie when it is older than maxAgeMs. */
    async fresh(maxAgeMs = 4 * 60_000) {
      if (Date.now() - session.at > maxAgeMs) await session.refresh();
      return session.cookie;
    },
  };
  return session;
}

/** Samples VmRSS (kB) of a process every `everyMs`; stop() returns { peakKb, firstKb, lastKb, samples }. */
export function sampleRss(pid, everyMs = 200) {
  const samples = [];
  const read = async () => {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (m) samples.push({ t: Date.now(), kb: Number(m[1]) });
    } catch {
      /* process gone */
    }
  };
  void read();
  const timer = setInterval(read, everyMs);
  return {
    samples,
    mark: () => samples.length,
    stop() {
      clearInterval(timer);
      return summary(samples);
    },
    summary: (from = 0, to = samples.length) => summary(samples.slice(from, to)),
  };
}

function summary(s) {
  const kb = s.map((x) => x.kb);
  return {
    peakKb: kb.length ? Math.max(...kb) : null,
    firstKb: kb[0] ?? null,
    lastKb: kb[kb.length - 1] ?? null,
    count: kb.length,
  };
}

export function table(rows, columns) {
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells) => '| ' + cells.map((v, i) => String(v ?? '').padEnd(widths[i])).join(' | ') + ' |';
  return [
    line(columns),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...rows.map((r) => line(columns.map((c) => r[c]))),
  ].join('\n');
}

/** Hard stop so a hung benchmark never outlives its budget. */
export function deadline(ms, onTimeout) {
  const t = setTimeout(async () => {
    console.error(`benchmark exceeded ${ms / 1000}s; aborting`);
    try {
      await onTimeout?.();
    } finally {
      process.exit(2);
    }
  }, ms);
  t.unref();
  return t;
}
