import { describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../../src/queue/dispatcher.js';
import * as graph from '../../../src/queue/graph.js';
import {
  jobsForFinishedPull,
  jobsForOpenPulls,
  jobsForParsedRun,
  jobsForPulledPage,
  jobsForStoredUpload,
  jobsForUnfinishedWork,
  nextJobs,
} from '../../../src/queue/graph.js';
import { addOptions, type JobRequest, jobKey, parsePayload } from '../../../src/queue/jobs.js';

/** A job as BullMQ sees it: name, payload, and the id or debounce key it is added with. */
function asAdded(request: JobRequest) {
  const opts = addOptions(request, 500);
  return {
    name: request.name,
    data: request.data,
    key: 'jobId' in opts ? `id ${opts.jobId}` : `debounce ${opts.deduplication.id}`,
  };
}

// One row per edge of the pipeline graph: who enqueues, what they hand over, what is added.
const edges: Array<{
  edge: string;
  builder: keyof typeof graph;
  jobs: JobRequest[];
  added: Array<ReturnType<typeof asAdded>>;
}> = [
  {
    edge: 'an upload stored by the API → its ingest',
    builder: 'jobsForStoredUpload',
    jobs: jobsForStoredUpload(41),
    added: [{ name: 'ingest.upload', data: { uploadId: 41 }, key: 'id upload-41' }],
  },
  {
    edge: 'a parsed run (file, upload, API items) → one tag job per batch',
    builder: 'jobsForParsedRun',
    jobs: jobsForParsedRun(3, [10, 11]),
    added: [
      { name: 'tag.batch', data: { batchId: 10 }, key: 'id batch-10' },
      { name: 'tag.batch', data: { batchId: 11 }, key: 'id batch-11' },
    ],
  },
  {
    edge: 'a parsed run with no batches → its close',
    builder: 'jobsForParsedRun',
    jobs: jobsForParsedRun(3, []),
    added: [{ name: 'aggregate.run', data: { runId: 3 }, key: 'debounce run-3' }],
  },
  {
    edge: 'a pulled page written → its tag job',
    builder: 'jobsForPulledPage',
    jobs: jobsForPulledPage(77),
    added: [{ name: 'tag.batch', data: { batchId: 77 }, key: 'id batch-77' }],
  },
  {
    edge: 'open pull runs (scheduler tick, painmap pull) → one pull job each',
    builder: 'jobsForOpenPulls',
    jobs: jobsForOpenPulls([5, 9]),
    added: [
      { name: 'ingest.pull', data: { runId: 5 }, key: 'id pull-5' },
      { name: 'ingest.pull', data: { runId: 9 }, key: 'id pull-9' },
    ],
  },
  {
    edge: 'a fetched pull → its close, then the source’s next pull',
    builder: 'jobsForFinishedPull',
    jobs: jobsForFinishedPull(5, 'fetched', 6),
    added: [
      { name: 'aggregate.run', data: { runId: 5 }, key: 'debounce run-5' },
      { name: 'ingest.pull', data: { runId: 6 }, key: 'id pull-6' },
    ],
  },
  {
    edge: 'the last fetched pull of a source → its close only',
    builder: 'jobsForFinishedPull',
    jobs: jobsForFinishedPull(5, 'fetched', undefined),
    added: [{ name: 'aggregate.run', data: { runId: 5 }, key: 'debounce run-5' }],
  },
  {
    edge: 'a failed pull (already closed) → the source’s next pull only',
    builder: 'jobsForFinishedPull',
    jobs: jobsForFinishedPull(5, 'failed', 8),
    added: [{ name: 'ingest.pull', data: { runId: 8 }, key: 'id pull-8' }],
  },
  {
    edge: 'a tagged batch → its run’s close',
    builder: 'nextJobs',
    jobs: nextJobs({ name: 'tag.batch', result: { runId: 7, days: ['2026-05-01'] } }),
    added: [{ name: 'aggregate.run', data: { runId: 7 }, key: 'debounce run-7' }],
  },
  {
    edge: 'a repaired day → nothing',
    builder: 'nextJobs',
    jobs: nextJobs({ name: 'aggregate.day' }),
    added: [],
  },
  {
    edge: 'a closed run → nothing',
    builder: 'nextJobs',
    jobs: nextJobs({ name: 'aggregate.run' }),
    added: [],
  },
  {
    edge: 'unfinished work found by the reconciler → every kind again',
    builder: 'jobsForUnfinishedWork',
    jobs: jobsForUnfinishedWork({
      uploadIds: [1],
      batchIds: [2],
      days: ['2026-01-31'],
      runIds: [4],
      pullRunIds: [5],
    }),
    added: [
      { name: 'ingest.upload', data: { uploadId: 1 }, key: 'id upload-1' },
      { name: 'tag.batch', data: { batchId: 2 }, key: 'id batch-2' },
      { name: 'aggregate.day', data: { day: '2026-01-31' }, key: 'debounce day-2026-01-31' },
      { name: 'aggregate.run', data: { runId: 4 }, key: 'debounce run-4' },
      { name: 'ingest.pull', data: { runId: 5 }, key: 'id pull-5' },
    ],
  },
];

describe('every edge of the pipeline graph', () => {
  it.each(edges)('$edge', ({ jobs, added }) => {
    expect(jobs.map(asAdded)).toEqual(added);
    for (const job of jobs) expect(parsePayload(job.name, job.data)).toEqual(job.data);
  });

  it('has a row for every builder graph.ts exports', () => {
    const builders = Object.entries(graph)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    expect(new Set(edges.map((row) => row.builder))).toEqual(new Set(builders));
  });

  it('finds nothing to do when no work is unfinished', () => {
    const none = { uploadIds: [], batchIds: [], days: [], runIds: [], pullRunIds: [] };
    expect(jobsForUnfinishedWork(none)).toEqual([]);
    expect(jobsForOpenPulls([])).toEqual([]);
  });
});

describe('job options', () => {
  it('adds a plain job with its id, ten attempts and exponential backoff', () => {
    expect(addOptions({ name: 'tag.batch', data: { batchId: 12 } }, 500)).toEqual({
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 3_600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3_600, count: 10_000 },
      jobId: 'batch-12',
    });
  });

  it('debounces a run close: a later signal replaces the waiting job and restarts the wait', () => {
    const opts = addOptions({ name: 'aggregate.run', data: { runId: 4 } }, 500);
    expect(opts).toMatchObject({
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      deduplication: { id: 'run-4', ttl: 500, extend: true, replace: true },
      delay: 500,
    });
    expect('jobId' in opts).toBe(false);
  });

  it('keeps a positive debounce window when debouncing is off', () => {
    expect(addOptions({ name: 'aggregate.day', data: { day: '2026-01-31' } }, 0)).toMatchObject({
      deduplication: { id: 'day-2026-01-31', ttl: 1 },
      delay: 0,
    });
  });
});

describe('the pipeline graph', () => {
  it('follows a tagged batch with a run check only: the batch moved its days itself', () => {
    const next = nextJobs({ name: 'tag.batch', result: { runId: 7, days: ['2026-05-01', '2026-05-02'] } });
    expect(next).toEqual([{ name: 'aggregate.run', data: { runId: 7 } }]);
  });

  it('ends after aggregation', () => {
    expect(nextJobs({ name: 'aggregate.day' })).toEqual([]);
    expect(nextJobs({ name: 'aggregate.run' })).toEqual([]);
  });

  it('closes a run with no items straight away', () => {
    expect(jobsForParsedRun(3, [])).toEqual([{ name: 'aggregate.run', data: { runId: 3 } }]);
    expect(jobsForParsedRun(3, [10, 11]).map((j) => j.name)).toEqual(['tag.batch', 'tag.batch']);
  });
});

describe('job ids', () => {
  const requests: JobRequest[] = [
    { name: 'tag.batch', data: { batchId: 12 } },
    { name: 'aggregate.day', data: { day: '2026-01-31' } },
    { name: 'aggregate.run', data: { runId: 4 } },
  ];
  it.each(requests)('$name has a BullMQ-safe deterministic key', (request) => {
    const key = jobKey(request);
    const value = key.jobId ?? key.dedupeId!;
    expect(value).not.toContain(':');
    expect(value).not.toMatch(/^\d+$/);
    expect(jobKey(request)).toEqual(key);
  });

  it('rejects a malformed payload', () => {
    expect(() => parsePayload('aggregate.day', { day: '31/01/2026' })).toThrow();
    expect(parsePayload('tag.batch', { batchId: 5 })).toEqual({ batchId: 5 });
  });
});

describe('the in-process dispatcher', () => {
  it('runs plain jobs first and collapses debounced ones', async () => {
    const dispatcher = new InProcessDispatcher();
    const seen: string[] = [];
    await dispatcher.dispatch([
      { name: 'aggregate.day', data: { day: '2026-01-01' } },
      { name: 'tag.batch', data: { batchId: 1 } },
      { name: 'aggregate.day', data: { day: '2026-01-01' } },
    ]);
    const count = await dispatcher.drain(async (request) => {
      seen.push(`${request.name}:${JSON.stringify(request.data)}`);
      return request.name === 'tag.batch' ? [{ name: 'aggregate.day', data: { day: '2026-01-01' } }] : [];
    });
    expect(count).toBe(2);
    expect(seen).toEqual(['tag.batch:{"batchId":1}', 'aggregate.day:{"day":"2026-01-01"}']);
  });
});
