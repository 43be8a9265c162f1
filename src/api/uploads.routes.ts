// POST /v1/uploads (raw body or multipart, streamed into Postgres) and GET /v1/uploads/:id.
import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isInfrastructureError, ServiceUnavailableError } from '../queue/errors.js';
import { jobsForStoredUpload } from '../queue/graph.js';
import { getRun } from '../storage/runs.repository.js';
import { findRunOfUpload, getUpload } from '../storage/uploads.repository.js';
import { describeRun } from './run-status.js';
import type { ApiRuntime } from './runtime.js';
import { EmptyUploadError, storeUpload, UploadTooLargeError } from './store-upload.js';
import { withTimeout } from './timeout.js';

const UploadQuery = z.object({
  source: z
    .string()
    .regex(/^(auto|[a-z0-9][a-z0-9-]{0,39})$/, 'auto or a format name such as generic-csv, zendesk-json')
    .default('auto')
    .describe('Export format, or auto to detect it'),
  filename: z.string().max(200).optional().describe('File name for format detection (raw bodies)'),
  rating_scale: z
    .enum(['stars5', 'nps', 'csat5', 'csat2', 'scale10'])
    .optional()
    .describe('Rating scale of a generic CSV whose ratings fit no scale by themselves'),
  as: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/)
    .optional()
    .describe('Source name to store generic-CSV items under'),
});
const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** Redis must be reachable before a body is read: otherwise 503 at once, and the client retries. */
export function requireRedis(rt: ApiRuntime): void {
  if (rt.redis && rt.redis.status !== 'ready') {
    throw new ServiceUnavailableError('The queue (Redis) is unreachable; retry later.');
  }
}

/** Enqueues follow-up work after a durable write. A Redis failure here loses nothing: the reconciler re-enqueues. */
export async function enqueueAfterWrite(
  rt: ApiRuntime,
  what: string,
  enqueue: () => Promise<void>,
): Promise<boolean> {
  try {
    await withTimeout(enqueue(), 3_000, 'Redis');
    return true;
  } catch (error) {
    if (!isInfrastructureError(error)) throw error;
    rt.log.warn(
      { what },
      'stored durably but not enqueued (Redis unreachable); the reconciler will enqueue it',
    );
    return false;
  }
}

async function uploadBody(request: FastifyRequest, fileName: string | undefined) {
  if (!request.isMultipart()) return { fileName: fileName ?? null, body: request.body as Readable };
  const part = await request.file();
  if (!part) throw new EmptyUploadError();
  return { fileName: fileName ?? (part.filename || null), body: part.file };
}

/** Route options of a GET by id under the `uploads` tag, open to read tokens. */
const readById = (summary: string) => ({
  config: { access: 'read' as const },
  schema: { tags: ['uploads'], summary, params: IdParams },
});

/** POST /v1/uploads: stream the body into Postgres, then enqueue its parse once the upload is stored. */
async function acceptUpload(rt: ApiRuntime, request: FastifyRequest, reply: FastifyReply) {
  const maxBytes = rt.config.MAX_UPLOAD_BYTES;
  const query = request.query as z.infer<typeof UploadQuery>;
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) throw new UploadTooLargeError(maxBytes);
  requireRedis(rt);
  const { fileName, body } = await uploadBody(request, query.filename);
  const options = {
    ...(query.rating_scale ? { ratingScale: query.rating_scale } : {}),
    ...(query.as ? { sourceName: query.as } : {}),
  };
  const stored = await storeUpload(rt.db, { source: query.source, fileName, options, maxBytes }, body);
  const upload = await getUpload(rt.db, stored.uploadId);
  const queued =
    upload?.state === 'stored'
      ? await enqueueAfterWrite(rt, `upload ${stored.uploadId}`, () =>
          rt.dispatcher.dispatch(jobsForStoredUpload(stored.uploadId)),
        )
      : true;
  request.log.info(
    { uploadId: stored.uploadId, bytes: stored.bytes, created: stored.created, queued },
    'upload stored',
  );
  return reply
    .code(stored.created ? 202 : 200)
    .header('location', `/v1/uploads/${stored.uploadId}`)
    .send({
      uploadId: stored.uploadId,
      duplicate: !stored.created,
      bytes: upload ? Number(upload.byte_size) : stored.bytes,
      sha256: upload?.sha256 ?? stored.sha256,
      status: `/v1/uploads/${stored.uploadId}`,
    });
}

/** GET /v1/uploads/:id: the upload, and its run's state once a worker has started parsing it. */
async function showUpload(rt: ApiRuntime, request: FastifyRequest, reply: FastifyReply) {
  const { id } = request.params as z.infer<typeof IdParams>;
  const upload = await getUpload(rt.db, id);
  if (!upload || upload.state === 'receiving') {
    return reply.code(404).send({ error: 'not_found', message: `No upload ${id}.` });
  }
  const run = await findRunOfUpload(rt.db, upload);
  const status = run ? await describeRun(rt.db, run) : null;
  return {
    uploadId: upload.id,
    source: upload.source,
    fileName: upload.file_name,
    bytes: Number(upload.byte_size),
    sha256: upload.sha256,
    createdAt: upload.created_at,
    // `stored` until a worker starts parsing it; then the run's state (parsing, queued, done, rejected).
    state: status?.state ?? 'stored',
    run: status,
  };
}

export async function uploadRoutes(app: FastifyInstance, rt: ApiRuntime): Promise<void> {
  const maxBytes = rt.config.MAX_UPLOAD_BYTES;
  // This context reads bodies as streams: whatever the content type, nothing is buffered whole.
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { files: 1, fields: 4, fileSize: maxBytes + 1, parts: 5 } });
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/v1/uploads',
    {
      config: { access: 'ingest' },
      schema: {
        tags: ['uploads'],
        summary: 'Upload a survey or export file',
        description:
          'The file as the raw request body, or as the one file of a multipart/form-data request. Streamed into ' +
          'Postgres; 202 once stored durably. The same bytes for the same source return the same upload id (200).',
        querystring: UploadQuery,
      },
    },
    (request, reply) => acceptUpload(rt, request, reply),
  );

  app.get('/v1/uploads/:id', readById('State, counts and row errors of an upload'), (request, reply) =>
    showUpload(rt, request, reply),
  );

  app.get(
    '/v1/runs/:id',
    readById('State, counts and row errors of an ingest run'),
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof IdParams>;
      const run = await getRun(rt.db, id);
      if (!run) return reply.code(404).send({ error: 'not_found', message: `No run ${id}.` });
      return describeRun(rt.db, run);
    },
  );
}
