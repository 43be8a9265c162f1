// DELETE /v1/customers/:id (admin tokens): erase a customer's feedback and everything derived from
// it (see pipeline/forget.ts). Answers 200 with the counts; when nothing matched, 200 with
// `matched: false` and zeros (not 404), so a retried request reads as done, and an audit row is
// written either way, as the record that the request was carried out.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { forget } from '../pipeline/forget.js';
import type { ApiRuntime } from './runtime.js';

const CustomerParams = z.object({
  id: z.string().trim().min(1).max(200).describe('The customer id as stored on the items (exact)'),
});
const ForgetQuery = z.object({
  dry_run: z.enum(['true', 'false']).optional().describe('true: count what would go, erase nothing'),
});

export async function customerRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  app.delete(
    '/v1/customers/:id',
    {
      config: { access: 'admin' },
      // The URL holds the customer id: fastify's request lines (info) are not written for this route.
      logLevel: 'warn',
      schema: {
        tags: ['privacy'],
        summary: "Erase a customer's feedback and everything derived from it (admin token)",
        description:
          'Items with this customer id, their mentions and their counts in the aggregates, their copies ' +
          'in durable batches, error rows and alert quotes go in one transaction; an audit row records ' +
          'the token name, the time and the counts (the id only as a sha256). 200 with matched: false ' +
          'and zero counts when nothing matched.',
        params: CustomerParams,
        querystring: ForgetQuery,
      },
    },
    async (request) => {
      const { id } = request.params as z.infer<typeof CustomerParams>;
      const query = request.query as z.infer<typeof ForgetQuery>;
      const summary = await forget(rt.db, {
        selector: { kind: 'customer', customerId: id },
        actor: `token:${request.principal?.name ?? 'unknown'}`,
        dryRun: query.dry_run === 'true',
      });
      // The root logger: this route's own is at warn. The audit id, never the id or its hash.
      rt.log.info(
        { auditId: summary.auditId, items: summary.counts.items, dryRun: summary.dryRun },
        'customer erasure done',
      );
      return summary;
    },
  );
}
