// Logs for operators: a handler's lines carry the job they belong to (queue, job id, attempt).

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startPipelineWorkers } from '../../src/processes/run-workers.js';
import { jobsForStoredUpload } from '../../src/queue/graph.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { closeTestRuntime, createTestDb, type TestDb, testConfig, waitFor } from './helpers.js';

let t: TestDb;
let rt: Runtime;
let workers: ReturnType<typeof startPipelineWorkers>;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  t = await createTestDb();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = testConfig({ LOG_LEVEL: 'info' }, t.url);
  rt = await createRuntime(config, { role: 'worker', log: createLogger('info', sink) });
  workers = startPipelineWorkers(rt, { concurrency: 1 });
});

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t?.drop();
});

describe('job logs', () => {
  it("a handler's own log line carries the queue, the job id and the attempt", async () => {
    await rt.dispatcher.dispatch(jobsForStoredUpload(987_654));
    const line = await waitFor(
      async () => lines.find((l) => String(l.msg).startsWith('upload not found')),
      'the handler to log the missing upload',
    );
    expect(line).toMatchObject({ queue: 'ingest', job: 'ingest.upload', uploadId: 987_654, attempt: 1 });
    expect(line.jobId).toEqual(expect.any(String));
    const outcome = await waitFor(
      async () => lines.find((l) => l.msg === 'job completed' && l.jobId === line.jobId),
      'the outcome line of the same job',
    );
    expect(outcome).toMatchObject({ queue: 'ingest', attempt: 1 });
  });
});
