// Routes declare zod schemas; zod validates them and @fastify/swagger documents them (as JSON schema).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

const PARTS = ['querystring', 'params', 'body', 'headers'] as const;

export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => {
    if (!(schema instanceof z.ZodType)) return (data: unknown) => ({ value: data });
    return (data: unknown) => {
      const result = schema.safeParse(data);
      return result.success ? { value: result.data } : { error: result.error };
    };
  });
  // Responses are plain JSON; their schemas (if any) are for the documentation only.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}

/** @fastify/swagger `transform`: zod → OpenAPI 3.0 JSON schema for the docs. */
export function zodToOpenApi({ schema, url }: { schema: Record<string, unknown>; url: string }) {
  if (!schema) return { schema, url };
  const out: Record<string, unknown> = { ...schema };
  for (const part of PARTS) {
    const value = schema[part];
    if (value instanceof z.ZodType) {
      out[part] = z.toJSONSchema(value, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
    }
  }
  const response = schema.response as Record<string, unknown> | undefined;
  if (response) {
    out.response = Object.fromEntries(
      Object.entries(response).map(([status, value]) => [
        status,
        value instanceof z.ZodType
          ? z.toJSONSchema(value, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' })
          : value,
      ]),
    );
  }
  return { schema: out, url };
}

/** Issues without the offending values (which may be feedback text). */
export function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
