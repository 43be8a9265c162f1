// What one host count of the scale-out bench measured, and the table it prints.

export interface ScaleOutRun {
  hosts: number;
  /** Each host's address on the bridge. */
  hostAddresses: string[];
  rows: number;
  /** Rows over wallS. */
  itemsPerS: number;
  /** From resuming the queues (every worker up) until the run was done and no day was left to aggregate. */
  wallS: number;
  /** From starting the worker processes until each had its workers on Redis. */
  startupS: number;
  /** The ingest from the root namespace (parse, durable batches, jobs queued), before the workers start. */
  ingestS: number;
  /** CPU seconds of each host's worker process over wallS. */
  workerCpuS: number[];
  /** CPU seconds of the Postgres cluster (the postmaster and its children) over wallS. */
  postgresCpuS: number;
  redisCpuS: number;
  /** This process (polling for the end, the reconciler nudge). */
  benchCpuS: number;
  /** Workers + Postgres + Redis, per item. */
  cpuUsPerItem: number;
  /** Busy share of all the machine's cores over wallS. */
  machineCpuPct: number;
  /** Busy CPU seconds of everything else on the machine over wallS (other jobs on a shared machine). */
  otherCpuS: number;
  loadAverage: { before: number[]; after: number[] };
  /** The addresses Redis saw the tag workers connect from. */
  workerAddresses: string[];
  /** The addresses Postgres saw clients of the bench database connect from (the bench's own included). */
  postgresClients: string[];
  stored: number;
  aggregateDriftRows: number;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const COLUMNS: Array<[string, (r: ScaleOutRun) => string]> = [
  ['hosts', (r) => String(r.hosts)],
  ['items/s', (r) => fmt(r.itemsPerS)],
  ['wall s', (r) => fmt(r.wallS, 1)],
  ['worker CPU s per host', (r) => r.workerCpuS.map((s) => fmt(s, 1)).join(' + ')],
  ['Postgres CPU s', (r) => fmt(r.postgresCpuS, 1)],
  ['Redis CPU s', (r) => fmt(r.redisCpuS, 1)],
  ['CPU µs/item', (r) => fmt(r.cpuUsPerItem)],
  ['machine CPU %', (r) => fmt(r.machineCpuPct)],
  ['others CPU s', (r) => fmt(r.otherCpuS, 1)],
  ['load avg', (r) => `${fmt(r.loadAverage.before[0]!, 1)}→${fmt(r.loadAverage.after[0]!, 1)}`],
];

/** The table (Markdown, so it can go in the README as printed), then one check line per host count. */
export function printScaleOut(runs: ScaleOutRun[], postgres: { address: string; port: number }): void {
  const rows = runs[0]?.rows ?? 0;
  console.log(
    `\n## Scale-out: a ${fmt(rows)}-row survey CSV, one worker process per host, ` +
      `Postgres and Redis on ${postgres.address}`,
  );
  console.log(`| ${COLUMNS.map(([name]) => name).join(' | ')} |`);
  console.log(`|${COLUMNS.map(() => '---').join('|')}|`);
  for (const run of runs) console.log(`| ${COLUMNS.map(([, cell]) => cell(run)).join(' | ')} |`);
  console.log('');
  for (const run of runs) {
    const ok = run.stored === run.rows && run.aggregateDriftRows === 0 ? 'ok' : 'WRONG';
    console.log(
      `${run.hosts} host(s) at ${run.hostAddresses.join(', ')}: workers on Redis from ${run.workerAddresses.join(', ')}; ` +
        `Postgres clients from ${run.postgresClients.join(', ')}; start-up ${fmt(run.startupS, 1)} s, ` +
        `ingest ${fmt(run.ingestS, 1)} s; ${fmt(run.stored)} of ${fmt(run.rows)} stored, ` +
        `${run.aggregateDriftRows} aggregate rows off a recomputation: ${ok}`,
    );
  }
}
