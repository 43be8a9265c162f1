// CPU seconds from /proc: a process tree's (the process, its live descendants, and the children they
// have reaped: cutime/cstime), the whole machine's, and the load average. Differences of two readings
// are what a bench reports; a process that exits between them is counted in its parent's cutime.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticks: number | undefined;
/** Clock ticks per second (USER_HZ), for the tick counts in /proc. */
function clockTicks(): number {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks. */
  ticks: number;
}

/** One /proc/PID/stat, or null when the process is gone. The command name may hold spaces: skip past ')'. */
function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
  const at = (field: number) => Number(fields[field - 3]);
  return { pid, ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
}

function readAllStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
}

/** CPU seconds of `root` and every descendant, now (0 when the process is gone). */
export function readTreeCpuS(root: number): number {
  return readTreesCpuS([root])[0]!;
}

/** readTreeCpuS for several roots from one pass over /proc. */
export function readTreesCpuS(roots: readonly number[]): number[] {
  const stats = readAllStats();
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  return roots.map((root) => {
    let sum = 0;
    const queue = byPid.has(root) ? [byPid.get(root)!] : [];
    for (let stat = queue.pop(); stat; stat = queue.pop()) {
      sum += stat.ticks;
      queue.push(...(children.get(stat.pid) ?? []));
    }
    return sum / clockTicks();
  });
}

/** The machine's busy and total CPU seconds since boot, over all cores (/proc/stat; idle and iowait are not busy). */
export function readMachineCpuS(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = values[3]! + values[4]!;
  return { busy: (total - idle) / clockTicks(), total: total / clockTicks() };
}

/** The 1, 5 and 15 minute load averages. */
export function readLoadAverage(): [number, number, number] {
  const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [one!, five!, fifteen!];
}
