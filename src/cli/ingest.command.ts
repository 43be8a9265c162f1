// `painmap ingest FILE…`: record and enqueue files (workers do the rest), or --dry-run.
import { SingleBar } from 'cli-progress';
import type { Config } from '../config.js';
import type { ColumnFlags, ParseOptions } from '../ingest/types.js';
import { type IngestFileResult, ingestFile } from '../pipeline/ingest-file.js';
import { waitForRuns } from '../pipeline/wait.js';
import { createRuntime } from '../runtime.js';
import { getRun, listRunIssues } from '../storage/runs.repository.js';

export interface IngestCommandOptions {
  source?: string;
  as?: string;
  receivedAt?: string;
  wait?: boolean;
  json?: boolean;
  columns: ColumnFlags;
  segment: Record<string, string>;
}

export async function runIngest(
  config: Config,
  files: string[],
  options: IngestCommandOptions,
): Promise<number> {
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    throw new Error(
      '`painmap ingest` stores into Postgres through the queues: set DATABASE_URL and REDIS_URL (see .env.example). ' +
        'To check a file without storing it use `painmap ingest FILE --dry-run`.',
    );
  }
  const rt = await createRuntime(config, { name: 'painmap-ingest', redisRole: 'producer' });
  const parseOptions: ParseOptions = {
    ...(options.source && options.source !== 'auto' ? { format: options.source } : {}),
    ...(options.as ? { sourceName: options.as } : {}),
    ...(options.receivedAt ? { receivedAt: options.receivedAt } : {}),
    columns: options.columns,
    segment: options.segment,
  };
  let exitCode = 0;
  try {
    const results: IngestFileResult[] = [];
    for (const file of files) {
      const bar =
        process.stderr.isTTY && !options.json
          ? new SingleBar({ format: `${file} {value} records`, stream: process.stderr })
          : null;
      bar?.start(0, 0);
      const result = await ingestFile(rt, {
        path: file,
        options: parseOptions,
        onProgress: (p) => bar?.update(p.records),
      });
      bar?.stop();
      results.push(result);
      if (result.state === 'rejected') exitCode = 2;
    }
    if (options.wait) {
      await waitForRuns(
        rt,
        results.map((r) => r.runId),
        { timeoutMs: 3_600_000 },
      );
    }
    for (const [i, result] of results.entries()) {
      const run = await getRun(rt.db, result.runId);
      const issues = await listRunIssues(rt.db, result.runId, 50);
      if (options.json)
        process.stdout.write(`${JSON.stringify({ file: files[i], ...result, run, issues })}\n`);
      else process.stdout.write(describe(files[i]!, result, run?.state ?? result.state, issues));
    }
  } finally {
    await rt.close();
  }
  return exitCode;
}

function describe(
  file: string,
  r: IngestFileResult,
  state: string,
  issues: Array<{ kind: string; record: number; reason: string }>,
) {
  const lines = [
    `${file}: run ${r.runId} (${r.format ?? 'unknown format'}) — ${state}${r.created ? '' : ' (this file was already ingested; nothing new)'}`,
  ];
  if (r.error) lines.push(`  rejected whole file: [${r.error.code}] ${r.error.message}`);
  else {
    const c = r.counts;
    lines.push(
      `  records ${c.records}: ${c.items} items in ${r.batches} batches, ${c.rejected} rejected, ${c.skipped} skipped, ${c.duplicates} duplicates`,
    );
  }
  for (const issue of issues.filter((i) => i.kind === 'rejected').slice(0, 20)) {
    lines.push(`  record ${issue.record}: ${issue.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
