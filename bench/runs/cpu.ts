/**
 * CPU time of process trees, read from /proc (Linux): a process with all its descendants (PostgreSQL's backends, the
 * Temporal CLI under its shell guard). utime + stime of every live member plus cutime + cstime (children already
 * reaped, e.g. a backend whose connection closed), so time does not vanish when a process exits.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const HZ = 100;

interface Stat {
  ppid: number;
  ticks: number;
}

function readStat(pid: string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return undefined; // exited while we looked
  }
}

/** CPU milliseconds used so far by each named root process and its descendants. */
export function treeCpuMs(roots: Record<string, number>): Record<string, number> {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const total = (pid: number): number =>
    (stats.get(pid)?.ticks ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + total(child), 0);
  return Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, (total(pid) * 1000) / HZ]));
}

/** What each tree used between two readings, per unit of work (`n` runs). */
export function cpuPerRun(before: Record<string, number>, after: Record<string, number>, n: number) {
  return Object.fromEntries(Object.keys(after).map((name) => [name, (after[name]! - (before[name] ?? 0)) / n]));
}

/** CPU milliseconds used so far by the threads of `pid`, summed by thread name (main, V8 workers, tokio…). */
export function threadCpuMs(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / HZ;
    } catch {
      // the thread ended while we looked
    }
  }
  return out;
}
