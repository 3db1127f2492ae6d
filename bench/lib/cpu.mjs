// CPU time of the API process and its embedded PostgreSQL, from /proc (Linux): contention from other
// processes does not inflate it, unlike wall-clock latency.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** CPU seconds (user + system) used so far by a process, with its reaped children's if `children`; /proc (Linux). */
export async function cpuSeconds(pid, children = false) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (utime + stime + (children ? cutime + cstime : 0)) / 100; // USER_HZ
}

/**
 * CPU seconds of the embedded PostgreSQL so far: the postmaster, the children it has reaped (closed
 * connections) and those still running (backends, WAL writer, …).
 */
export async function postgresCpu(dataDir) {
  const postmaster = Number(
    (await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
  );
  let total = await cpuSeconds(postmaster, true);
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (stat && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) {
      total += await cpuSeconds(Number(entry));
    }
  }
  return total;
}

/** Runs `work`, adding the CPU time the API process and PostgreSQL spent meanwhile (seconds) to its result. */
export async function withCpu(server, work) {
  const before = [await cpuSeconds(server.pid), await postgresCpu(server.dataDir)];
  const result = await work();
  result.apiCpu = (await cpuSeconds(server.pid)) - before[0];
  result.pgCpu = (await postgresCpu(server.dataDir)) - before[1];
  return result;
}
