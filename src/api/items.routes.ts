// POST /v1/items: JSON batches of feedback from another system (CRM, help desk, survey tool).
import type { FastifyInstance } from 'fastify';
import { getRun } from '../storage/runs.repository.js';
import { acceptItems, ItemsBody } from './accept-items.js';
import { describeRun } from './run-status.js';
import type { ApiRuntime } from './runtime.js';
import { enqueueAfterWrite, requireRedis } from './uploads.routes.js';

export async function itemRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  app.post(
    '/v1/items',
    {
      bodyLimit: rt.config.MAX_UPLOAD_BYTES,
      config: { access: 'ingest' },
      schema: {
        tags: ['uploads'],
        summary: 'Submit a JSON batch of feedback items',
        description:
          'Validated like a file: bad items become row errors with their 1-based number. The same body ' +
          '(canonical JSON) twice returns the same run id (200) and adds nothing.',
        body: ItemsBody,
      },
    },
    async (request, reply) => {
      const body = request.body as ItemsBody;
      if (body.items.length > rt.config.MAX_UPLOAD_RECORDS) {
        return reply.code(413).send({
          error: 'too_many_items',
          message: `At most ${rt.config.MAX_UPLOAD_RECORDS} items per request (MAX_UPLOAD_RECORDS); split the batch.`,
        });
      }
      requireRedis(rt);
      const accepted = await acceptItems(rt, body);
      if (accepted.jobs.length > 0) {
        await enqueueAfterWrite(rt, `run ${accepted.runId}`, () => rt.dispatcher.dispatch(accepted.jobs));
      }
      const run = await getRun(rt.db, accepted.runId);
      const status = run ? await describeRun(rt.db, run) : null;
      request.log.info(
        { runId: accepted.runId, items: body.items.length, created: accepted.created },
        'items stored',
      );
      return reply
        .code(accepted.created ? 202 : 200)
        .header('location', `/v1/runs/${accepted.runId}`)
        .send({
          ...status,
          runId: accepted.runId,
          duplicate: !accepted.created,
          status: `/v1/runs/${accepted.runId}`,
        });
    },
  );
}
