// Throw-away Postgres clusters and Redis servers for the tests and benches that must not touch the
// machine's shared ones (5432/6379): the replica test, the chaos scenarios and the scale-out bench.
// Postgres runs from the Debian server binaries, as the postgres user when we are root (initdb and
// the server refuse to run as root); Redis runs without persistence as a child process.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const asRoot = process.getuid?.() === 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port free on `host` right now. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The newest /usr/lib/postgresql/N/bin that has every one of `tools`, or null. */
export function findServerBinaries(tools: readonly string[]): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return (
    versions.map((v) => join(root, v, 'bin')).find((bin) => tools.every((t) => existsSync(join(bin, t)))) ??
    null
  );
}

/** A server tool from `bin`, as the postgres user when we are root; a failure carries its stderr. */
export function runServerTool(bin: string, tool: string, args: string[]): void {
  const path = join(bin, tool);
  const [command, full] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  try {
    execFileSync(command, full, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`${tool} ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}

/** A fresh temp folder the postgres user may write in (it owns it when we are root). */
export function makeServerDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  return dir;
}

/** initdb with trust for the postgres user (local and loopback); no fsync while it writes. */
export function initCluster(bin: string, dataDir: string): void {
  runServerTool(bin, 'initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
}

export interface ClusterStart {
  port: number;
  /** listen_addresses: where the server accepts TCP connections. */
  listen: string;
  /** Folder of its Unix socket. */
  socketDir: string;
  /** The server log; its tail goes into the error when the start fails. */
  log: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

/** pg_ctl start, waiting until the server accepts connections (60 s at most). */
export function startCluster(bin: string, dataDir: string, options: ClusterStart): void {
  const settings = Object.entries(options.settings ?? {}).map(([name, value]) => ` -c ${name}=${value}`);
  const flags = `-p ${options.port} -c listen_addresses=${options.listen} -k ${options.socketDir}${settings.join('')}`;
  try {
    runServerTool(bin, 'pg_ctl', ['-D', dataDir, '-l', options.log, '-w', '-t', '60', '-o', flags, 'start']);
  } catch (error) {
    const tail = existsSync(options.log)
      ? readFileSync(options.log, 'utf8').split('\n').slice(-15).join('\n')
      : '';
    throw new Error(`${(error as Error).message}\nserver log:\n${tail}`);
  }
}

/** An immediate stop (every connection cut) if the cluster runs; a stopped one is left alone. */
export function stopCluster(bin: string, dataDir: string): void {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
  try {
    runServerTool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  } catch {
    // already stopped
  }
}

/** The postmaster's process id, from postmaster.pid (null when the cluster is not running). */
export function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** A redis-server child process without persistence, bound to `host` (loopback unless told). */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  crashes = 0;
  constructor(
    readonly port: number,
    readonly host = '127.0.0.1',
  ) {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        // Bound to one address: protected mode would refuse clients from any other, a namespace's too.
        ...['--port', String(this.port), '--bind', this.host, '--protected-mode', 'no'],
        ...['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await sleep(50);
      }
    }
    throw new Error(`redis-server did not start on ${this.host}:${this.port}`);
  }

  /** kill -9: without persistence every queue key is gone when it comes back. */
  async kill(): Promise<void> {
    if (this.child) this.crashes++;
    await this.stop();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await exited;
    this.child = null;
  }

  /** For a synchronous exit path (a signal handler): kill -9 without waiting. */
  killNow(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}
