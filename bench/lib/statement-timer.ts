// Bench plumbing: time every statement any pg client sends, by what it writes: wall time, and the
// CPU its Postgres backend spent on it (from /proc when Postgres runs on this machine, which is what
// stays readable when other jobs load the cores).
import { readFileSync } from 'node:fs';
import pg from 'pg';

export const CATEGORIES = ['items upsert', 'mentions', 'daily/weekly deltas', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** A statement's category from its whole text (whitespace folded), not from a prefix. */
export function classifyStatement(text: string): Category {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (/\b(pain_point|stage_spread)_(daily|weekly)(_cells)?\b|pg_advisory_xact_lock_shared/.test(s))
    return 'daily/weekly deltas';
  if (/\bfeedback_mentions\b|\bpainmap_mention_stage\b|pg_backend_pid/.test(s)) return 'mentions';
  if (/\bfeedback_items\b/.test(s)) return 'items upsert';
  return 'other';
}

/** Microseconds a local process has spent on a CPU (/proc/PID/schedstat), or null if unreadable. */
export function processCpuUs(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  } catch {
    return null;
  }
}

export type Spent = Map<Category, { us: number; backendCpuUs: number | null; statements: number }>;

/**
 * Wraps pg.Client#query for the rest of the process: each statement's time from send to result
 * (promises and COPY streams alike) is added to its category in the returned map.
 */
export function timeStatements(): Spent {
  const spent: Spent = new Map(CATEGORIES.map((c) => [c, { us: 0, backendCpuUs: 0, statements: 0 }]));
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; once?: (e: string, f: () => void) => void };
    const text = typeof config === 'string' ? config : (config?.text ?? '');
    const pid = (this as { processID?: number | null }).processID;
    const cpu0 = processCpuUs(pid);
    const t0 = performance.now();
    const record = () => {
      const entry = spent.get(classifyStatement(text))!;
      entry.us += (performance.now() - t0) * 1000;
      const cpu1 = processCpuUs(pid);
      entry.backendCpuUs =
        entry.backendCpuUs === null || cpu0 === null || cpu1 === null
          ? null
          : entry.backendCpuUs + cpu1 - cpu0;
      entry.statements++;
    };
    const result = query.apply(this, args) as { then?: unknown } | undefined;
    if (result && typeof result.then === 'function') (result as Promise<unknown>).then(record, record);
    else if (typeof config === 'object' && typeof config.once === 'function') {
      config.once('finish', record);
      config.once('error', record);
    }
    return result;
  };
  return spent;
}
