import { describe, expect, it } from 'vitest';
import { InProcessDispatcher } from '../../../src/queue/dispatcher.js';
import { jobsForParsedRun, nextJobs } from '../../../src/queue/graph.js';
import { type JobRequest, jobKey, parsePayload } from '../../../src/queue/jobs.js';

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
