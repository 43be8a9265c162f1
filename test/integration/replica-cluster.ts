// A private primary and a streaming replica of it (`pg_basebackup -R`), both throw-away clusters in
// one temp folder, started with the Debian server binaries. A private primary rather than the shared
// one: a base backup copies every database of its primary (the benches' 10M-item ones included), and
// the shared server's pg_hba may refuse replication connections (this machine's does).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  findServerBinaries,
  freePort,
  initCluster,
  makeServerDir,
  runServerTool,
  startCluster,
  stopCluster,
} from '../support/private-services.js';
import { waitFor } from './helpers.js';

const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup'];
/** The replica's walreceiver names itself so on the primary (pg_stat_replication). */
export const REPLICA_NAME = 'painmap-test-replica';

/** The server binaries with every tool we need, or an error that says what to install. */
function serverBinaries(): string {
  const bin = findServerBinaries(TOOLS);
  if (bin) return bin;
  throw new Error(
    `The replica test starts two Postgres clusters and needs the server binaries (${TOOLS.join(', ')}) ` +
      'under /usr/lib/postgresql/<version>/bin; none found. Install them (Debian: apt-get install postgresql); ' +
      'this test does not skip.',
  );
}

export class ReplicaPair {
  private constructor(
    private readonly dir: string,
    private readonly bin: string,
    readonly primaryPort: number,
    readonly replicaPort: number,
  ) {}

  /** Starts the primary, backs it up into a replica, starts that and waits until it streams. */
  static async start(): Promise<ReplicaPair> {
    const bin = serverBinaries();
    const dir = makeServerDir('painmap-replica-');
    const pair = new ReplicaPair(dir, bin, await freePort(), await freePort());
    try {
      initCluster(bin, pair.data('primary'));
      pair.startCluster('primary', pair.primaryPort);
      const source = `host=127.0.0.1 port=${pair.primaryPort} user=postgres application_name=${REPLICA_NAME}`;
      pair.run('pg_basebackup', [
        '-d',
        source,
        '-D',
        pair.data('replica'),
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
      ]);
      pair.startCluster('replica', pair.replicaPort);
      await waitFor(
        async () =>
          (await pair.query<{ state: string }>('primary', 'postgres', STREAMING, [REPLICA_NAME]))[0]
            ?.state === 'streaming',
        'the replica to stream from the primary',
        15_000,
      );
      return pair;
    } catch (error) {
      pair.destroy();
      throw error;
    }
  }

  url(which: 'primary' | 'replica', database: string): string {
    const port = which === 'primary' ? this.primaryPort : this.replicaPort;
    return `postgres://postgres@127.0.0.1:${port}/${database}`;
  }

  /** One statement on one cluster, on a connection of its own. */
  async query<R extends object>(
    which: 'primary' | 'replica',
    database: string,
    text: string,
    values: unknown[] = [],
  ): Promise<R[]> {
    const client = new pg.Client({
      connectionString: this.url(which, database),
      application_name: 'painmap-probe',
    });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as R[];
    } finally {
      await client.end();
    }
  }

  /** Waits until the replica has replayed everything the primary has written so far. */
  async waitForReplay(): Promise<void> {
    const [current] = await this.query<{ lsn: string }>(
      'primary',
      'postgres',
      'select pg_current_wal_lsn() as lsn',
    );
    const lsn = current?.lsn;
    await waitFor(
      async () =>
        (await this.query<{ caught: boolean }>('replica', 'postgres', REPLAYED, [lsn]))[0]?.caught === true,
      `the replica to replay up to ${lsn}`,
      15_000,
    );
  }

  /** The replica's server log: where a refused write would be reported. */
  replicaLog(): string {
    const file = join(this.dir, 'replica.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  destroy(): void {
    for (const which of ['replica', 'primary']) stopCluster(this.bin, this.data(which));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private data(which: string): string {
    return join(this.dir, which);
  }

  private startCluster(which: 'primary' | 'replica', port: number): void {
    startCluster(this.bin, this.data(which), {
      port,
      listen: '127.0.0.1',
      socketDir: this.dir,
      log: join(this.dir, `${which}.log`),
      settings: { fsync: 'off', max_connections: 50 },
    });
  }

  private run(tool: string, args: string[]): void {
    runServerTool(this.bin, tool, args);
  }
}

const STREAMING = 'select state from pg_stat_replication where application_name = $1';
const REPLAYED = 'select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), $1::pg_lsn) >= 0 as caught';
