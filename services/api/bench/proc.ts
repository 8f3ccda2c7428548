// Per-process resource readings from /proc: CPU time (utime + stime, all threads) and resident
// memory. Each server under test runs as its own process, so these numbers are the server's alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  self: number;
  /** cutime + cstime: CPU of children that exited and were reaped. */
  children: number;
}

function readStat(pid: number): Stat | null {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
  return { ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
}

/** CPU time the process has used so far, in microseconds (10 ms resolution at CLK_TCK=100). */
export function cpuMicros(pid: number): number {
  const s = readStat(pid);
  if (!s) throw new Error(`process ${pid} is gone`);
  return (s.self * 1e6) / CLK_TCK;
}

/** Resident set size in bytes (VmRSS), or 0 when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU of a process tree rooted at a daemon (the postmaster, redis-server): the root, its live
 * children, and the reaped children accounted in the root's cutime/cstime.
 */
export function treeCpuMicros(rootPid: number): number {
  const root = readStat(rootPid);
  if (!root) return 0;
  let ticks = root.self + root.children;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s && s.ppid === rootPid) ticks += s.self;
  }
  return (ticks * 1e6) / CLK_TCK;
}

/** The pid in a daemon's pid file (postmaster.pid, redis.pid), or null. */
export function pidFromFile(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]!.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function postmasterPid(dataDir: string): number | null {
  return pidFromFile(join(dataDir, 'postmaster.pid'));
}

/** Samples RSS every `everyMs` until stopped; returns the peak seen. */
export function watchRss(pid: number, everyMs = 100): { stop: () => number } {
  let peak = rssBytes(pid);
  const t = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, everyMs);
  return {
    stop: () => {
      clearInterval(t);
      return Math.max(peak, rssBytes(pid));
    },
  };
}
