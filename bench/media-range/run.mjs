#!/usr/bin/env node
// Media streaming benchmark: a 500 MB video asset served by GET /api/media/:id/content (full file and
// 8 MB Range requests, 4 concurrent clients) against a bare Node http server on the same file.
// Usage: npm run build && node bench/media-range/run.mjs   (env: SIZE_MB, DURATION, CONCURRENCY)
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDb, deadline, login, sampleRss, startServer, table } from '../lib/server.mjs';

const SIZE_MB = Number(process.env.SIZE_MB ?? 500);
const DURATION_S = Number(process.env.DURATION ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const RANGE_BYTES = 8 * 1024 * 1024;
const MB = 1024 * 1024;
const TARGET_RATIO = 0.8;

/** 500 MB of random-looking bytes: a 16 MB random block repeated (with a counter so blocks differ). */
async function makeFile(file) {
  const block = randomBytes(16 * MB);
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  let written = 0;
  for (let i = 0; written < SIZE_MB * MB; i++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(block.length, SIZE_MB * MB - written)));
    chunk.writeUInt32BE(i, 0);
    hash.update(chunk);
    written += chunk.length;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  return { sha256: hash.digest('hex'), size: written };
}

/** Like the seed's ingest: the bytes under DATA_DIR/media/<ab>/<sha256>, a ready media_assets row. */
async function ingest(dataDir, file, { sha256, size }) {
  const target = path.join(dataDir, 'media', sha256.slice(0, 2), sha256);
  await mkdir(path.dirname(target), { recursive: true });
  await link(file, target).catch(() => copyFile(file, target));
  const db = await connectDb(dataDir);
  try {
    const {
      rows: [author],
    } = await db.query(`SELECT id FROM users WHERE email = 'author@demo.academy'`);
    const {
      rows: [row],
    } = await db.query(
      `INSERT INTO media_assets (kind, filename, mime, size, sha256, storage_key, status, duration_s, created_by)
       VALUES ('video', 'bench-500mb.mp4', 'video/mp4', $1, $2, $4, 'ready', 600, $3) RETURNING id`,
      [size, sha256, author.id, sha256],
    );
    return row.id;
  } finally {
    await db.end();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () =>
        resolve({ status: res.statusCode, bytes, expected: Number(res.headers['content-length']) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** CONCURRENCY loops issuing GETs until DURATION_S is over; in-flight requests are allowed to finish. */
async function measure(url, { headers = {}, range, size }) {
  const stopAt = Date.now() + DURATION_S * 1000;
  let bytes = 0;
  let requests = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const latencies = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < stopAt) {
        const h = { ...headers };
        let want = 200;
        if (range) {
          const start = Math.floor(Math.random() * (size - RANGE_BYTES));
          h.range = `bytes=${start}-${start + RANGE_BYTES - 1}`;
          want = 206;
        }
        const t0 = performance.now();
        try {
          const r = await get(url, h);
          if (r.status !== want || r.bytes !== r.expected || r.bytes !== (range ? RANGE_BYTES : size))
            errors++;
          bytes += r.bytes;
          requests++;
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const q = (p) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0;
  return { mbps: bytes / MB / seconds, requests, errors, seconds, p50: q(0.5), p99: q(0.99) };
}

async function main() {
  const work = await mkdtemp(path.join(os.tmpdir(), 'academy-bench-media-file-'));
  const file = path.join(work, 'bench-500mb.mp4');
  let server;
  let bare;
  const cleanup = async () => {
    bare?.kill('SIGTERM');
    await server?.stop();
    await rm(work, { recursive: true, force: true }); // the 500 MB file
  };
  deadline(180_000, cleanup);
  try {
    const t0 = Date.now();
    const [info, started] = await Promise.all([makeFile(file), startServer({ name: 'media' })]);
    server = started;
    console.log(
      `wrote ${SIZE_MB} MB (sha256 ${info.sha256.slice(0, 12)}…) and started the API on ${server.base} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const id = await ingest(server.dataDir, file, info);
    const session = await login(server.base, 'author@demo.academy');

    bare = spawn(
      process.execPath,
      [path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-server.mjs'), file],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const barePort = await new Promise((resolve, reject) => {
      bare.stdout.once('data', (d) => resolve(JSON.parse(String(d)).port));
      bare.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
    });
    const targets = {
      api: { url: `${server.base}/api/media/${id}/content` },
      bare: { url: `http://127.0.0.1:${barePort}/video.mp4` },
    };

    // Warm the page cache and both servers (not measured).
    await get(targets.bare.url, {});
    await get(targets.api.url, { cookie: session.cookie });

    const rss = sampleRss(server.pid, 200);
    const results = {};
    const rssByPhase = {};
    for (const mode of ['full', 'range8MB']) {
      for (const name of ['api', 'bare']) {
        const headers = name === 'api' ? { cookie: await session.fresh() } : {};
        const from = rss.mark();
        results[`${name}:${mode}`] = await measure(targets[name].url, {
          headers,
          range: mode !== 'full',
          size: info.size,
        });
        if (name === 'api') rssByPhase[mode] = rss.summary(from);
      }
    }
    const rssAll = rss.stop();

    const rows = [];
    for (const mode of ['full', 'range8MB']) {
      const api = results[`api:${mode}`];
      const base = results[`bare:${mode}`];
      const ratio = api.mbps / base.mbps;
      rows.push({
        mode: mode === 'full' ? `full file (${SIZE_MB} MB)` : '8 MB Range',
        'API MB/s': api.mbps.toFixed(0),
        'bare MB/s': base.mbps.toFixed(0),
        ratio: ratio.toFixed(2),
        [`≥${TARGET_RATIO}`]: ratio >= TARGET_RATIO ? 'yes' : 'NO',
        'API req': api.requests,
        'bare req': base.requests,
        'API p50/p99 ms': `${api.p50.toFixed(0)}/${api.p99.toFixed(0)}`,
        'bare p50/p99 ms': `${base.p50.toFixed(0)}/${base.p99.toFixed(0)}`,
        errors: api.errors + base.errors,
        'API peak RSS MB': (rssByPhase[mode].peakKb / 1024).toFixed(0),
      });
    }
    console.log(
      `\nload average (1/5/15 min) at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(`\nGET media content, ${CONCURRENCY} concurrent clients, ${DURATION_S} s per cell:\n`);
    console.log(table(rows, Object.keys(rows[0])));
    console.log(
      `\nAPI process VmRSS (sampled every 200 ms, ${rssAll.count} samples): start ${(rssAll.firstKb / 1024).toFixed(0)} MB, peak ${(rssAll.peakKb / 1024).toFixed(0)} MB, end ${(rssAll.lastKb / 1024).toFixed(0)} MB`,
    );
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
