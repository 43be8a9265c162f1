// The sources file (`PAINMAP_SOURCES`, YAML or JSON): named nightly sources, validated with zod.
// Pure: text in, frozen sources or a SourcesFileError listing every problem out. Tokens are never
// in the file, only the names of the environment variables that hold them.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { REDACT_KINDS } from '../ingest/redact.js';

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, _ and -, at most 40 characters');
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'an environment variable name, e.g. ZENDESK_TOKEN');
const segment = z.record(z.string().min(1).max(64), z.string().max(200)).default({});
const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
  .refine((v) => !/^https?:\/\/[^/?#]*@/.test(v), 'must not carry a user or password; use tokenEnv');
const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO-8601 date, e.g. 2026-01-01T00:00:00Z');

/** Per-request timeout and retries for the HTTP sources. */
const fetchOptions = {
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  attempts: z.number().int().min(1).max(20).default(5),
};

/** Personal data to replace in this source's text; unset = the `REDACT` default, `[]` = none. */
const redact = z.array(z.enum(REDACT_KINDS)).optional();

const common = { name, segment, redact };

const folder = z
  .object({
    ...common,
    type: z.literal('folder'),
    path: z.string().min(1),
    glob: z.string().min(1).default('*'),
    format: z.string().min(1).default('auto'),
    /** Move ingested files here; without it files are never moved or deleted. */
    moveTo: z.string().min(1).optional(),
  })
  .strict();

const httpFile = z
  .object({
    ...common,
    ...fetchOptions,
    type: z.literal('http-file'),
    url: httpUrl,
    tokenEnv: envName.optional(),
    format: z.string().min(1).default('auto'),
  })
  .strict();

const zendesk = z
  .object({
    ...common,
    ...fetchOptions,
    type: z.literal('zendesk'),
    subdomain: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'the part before .zendesk.com'),
    tokenEnv: envName,
    /** With an email the token is a Zendesk API token (basic auth); without, an OAuth bearer token. */
    email: z.string().email().optional(),
    /** Where the very first pull starts; later pulls continue from the stored cursor. */
    startTime: isoInstant.optional(),
    /** Another host speaking the same API (a proxy or a test server). */
    baseUrl: httpUrl.optional(),
  })
  .strict();

const appStore = z
  .object({
    ...common,
    ...fetchOptions,
    type: z.literal('app-store'),
    appId: z.string().regex(/^\d{1,20}$/, 'the numeric App Store Connect app id'),
    tokenEnv: envName,
    pageSize: z.number().int().min(1).max(200).default(200),
    baseUrl: httpUrl.optional(),
  })
  .strict();

const googlePlay = z
  .object({
    ...common,
    ...fetchOptions,
    type: z.literal('google-play'),
    packageName: z.string().regex(/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/, 'an Android package name'),
    tokenEnv: envName,
    pageSize: z.number().int().min(1).max(100).default(100),
    baseUrl: httpUrl.optional(),
  })
  .strict();

const source = z.discriminatedUnion('type', [folder, httpFile, zendesk, appStore, googlePlay]);

const file = z
  .object({ sources: z.array(source).max(200) })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.sources.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'name'], message: `"${s.name}" is used twice` });
      seen.add(s.name);
    });
  });

export type SourceConfig = z.infer<typeof source>;
export type SourceType = SourceConfig['type'];
export type SourceOf<T extends SourceType> = Extract<SourceConfig, { type: T }>;
export type ApiSourceConfig = SourceOf<'zendesk' | 'app-store' | 'google-play'>;

export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The sources file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const SECRET_KEYS = /^(token|password|secret|apiKey|api_key)$/i;

/** Parses a sources file's text (YAML, and so JSON too) into validated, frozen sources. */
export function parseSources(text: string, fileName: string): readonly SourceConfig[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new SourcesFileError(fileName, [(error as Error).message.split('\n')[0] ?? 'unreadable']);
  }
  const result = file.safeParse(raw ?? {});
  if (!result.success) {
    throw new SourcesFileError(fileName, result.error.issues.map(describeIssue));
  }
  return Object.freeze(result.data.sources.map((s) => Object.freeze(s)));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys' && issue.keys.some((k) => SECRET_KEYS.test(k))) {
    return `${where}: secrets never go in the sources file; put the token in an environment variable and name it with tokenEnv`;
  }
  return `${where}: ${issue.message}`;
}
