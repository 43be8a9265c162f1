// Real worker processes (`node --import tsx workers/worker.ts`), killed and respawned by pid. Their
// JSON log lines are the evidence: completed jobs, redeliveries, stalled events, outage pauses.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface PoolStats {
  completed: number;
  /** Jobs that ran to completion after a crash had taken them from an earlier worker. */
  redeliveries: number;
  stalledEvents: number;
  /** Outage errors that paused a queue instead of using up an attempt. */
  infraPauses: number;
  /** Job failures that did use an attempt (or failed the job). */
  jobFailures: number;
  /** The highest attempt number any completed job needed. */
  maxAttempt: number;
  /** Error-level log lines, non-JSON output that looks like a crash, and unexpected exits. */
  unhandled: string[];
  maxRssMb: number;
  lastCompletedAt: number;
}

export interface ExitRecord {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  expected: boolean;
  at: number;
}

export class WorkerPool {
  readonly stats: PoolStats = {
    completed: 0,
    redeliveries: 0,
    stalledEvents: 0,
    infraPauses: 0,
    jobFailures: 0,
    maxAttempt: 0,
    unhandled: [],
    maxRssMb: 0,
    lastCompletedAt: 0,
  };
  readonly exits: ExitRecord[] = [];
  private readonly children = new Map<number, ChildProcess>();
  private readonly signalled = new Set<number>();
  private readonly started = new Set<number>();
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly env: Record<string, string>) {
    this.sampler = setInterval(() => this.sampleRss(), 250);
  }

  get pids(): number[] {
    return [...this.children.keys()];
  }

  /** Live processes whose workers are running (a fresh one takes seconds to compile and connect). */
  get startedPids(): number[] {
    return this.pids.filter((pid) => this.started.has(pid));
  }

  spawn(extraEnv: Record<string, string> = {}): number {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...this.env, ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not spawn a worker process');
    this.children.set(pid, child);
    createInterface({ input: child.stderr! }).on('line', (line) => this.onLine(pid, line));
    child.once('exit', (code, signal) => {
      this.children.delete(pid);
      const expected = this.signalled.has(pid);
      this.exits.push({ pid, code, signal, expected, at: Date.now() });
      if (!expected) this.stats.unhandled.push(`worker ${pid} exited by itself (code ${code}, ${signal})`);
    });
    return pid;
  }

  /** Resolves once the process has logged that its workers are running. */
  async waitStarted(pid: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.started.has(pid)) {
      if (Date.now() > deadline) throw new Error(`worker ${pid} did not start within ${timeoutMs} ms`);
      if (!this.children.has(pid)) throw new Error(`worker ${pid} exited before it started`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async start(count: number): Promise<number[]> {
    const pids = Array.from({ length: count }, () => this.spawn());
    await Promise.all(pids.map((pid) => this.waitStarted(pid)));
    return pids;
  }

  /** Sends a signal and resolves with the exit, or with null if it did not exit in time. */
  async signal(pid: number, signal: NodeJS.Signals, timeoutMs = 30_000): Promise<ExitRecord | null> {
    const child = this.children.get(pid);
    if (!child) return null;
    this.signalled.add(pid);
    const exited = new Promise<ExitRecord | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        // The pool's own exit listener was registered first, so the record is there.
        resolve(this.exits.find((e) => e.pid === pid) ?? null);
      });
    });
    child.kill(signal);
    return exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.pids.map((pid) => this.signal(pid, 'SIGTERM', 20_000)));
    for (const pid of this.pids) await this.signal(pid, 'SIGKILL', 5_000);
    clearInterval(this.sampler);
  }

  private onLine(pid: number, line: string): void {
    // CHAOS_LOG=path keeps every worker log line for a post-mortem.
    if (process.env.CHAOS_LOG) appendFileSync(process.env.CHAOS_LOG, `${line}\n`);
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      if (/error|unhandled|uncaught/i.test(line) && !line.startsWith('(node:'))
        this.stats.unhandled.push(`worker ${pid}: ${line.slice(0, 300)}`);
      return;
    }
    const msg = String(entry.msg ?? '');
    if (msg === 'workers started') this.started.add(pid);
    else if (msg === 'job completed') {
      this.stats.completed++;
      this.stats.lastCompletedAt = Date.now();
      if (Number(entry.stalled ?? 0) > 0) this.stats.redeliveries++;
      this.stats.maxAttempt = Math.max(this.stats.maxAttempt, Number(entry.attempt ?? 0));
    } else if (msg.startsWith('job stalled')) this.stats.stalledEvents++;
    else if (msg.startsWith('service unavailable')) this.stats.infraPauses++;
    else if (msg === 'job failed') this.stats.jobFailures++;
    if (Number(entry.level ?? 0) >= 50) this.stats.unhandled.push(`worker ${pid}: ${msg}`);
  }

  private sampleRss(): void {
    for (const pid of this.children.keys()) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        this.stats.maxRssMb = Math.max(this.stats.maxRssMb, Math.round(kb / 1024));
      } catch {
        // the process just exited
      }
    }
  }
}
