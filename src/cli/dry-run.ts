// `painmap ingest FILE --dry-run [--json]`: parse and tag a file without touching any database,
// and print one JSON object (or a human summary) describing every record.
import type { FeedbackInput, Rating } from '../domain.js';
import type { PlannedColumn } from '../ingest/column-profile.js';
import { openExport } from '../ingest/index.js';
import { FileRejectedError, type ParseOptions, type RecordIssue } from '../ingest/types.js';
import { tagItem } from '../tagging/index.js';
import type { Mention, TagInput, TagResult } from '../tagging/types.js';

interface DryRunItem {
  ref: string;
  record: number | null;
  text: string;
  /** The survey question the text answers, when there is one. */
  question: string | null;
  createdAt: string;
  rating: Rating | null;
  channel: string | null;
  segment: Record<string, string>;
  language: string | null;
  /** Why the language is null although there is text (`too short to tell`). */
  languageNote: string | null;
  sentiment: { label: string; score: number };
  stage: string;
  touchpoint: string;
  mentions: Mention[];
}

interface DryRunReport {
  format: string;
  encoding: string;
  /** CSV: which column became what, and why (correct it with the column flags); null for JSON. */
  columns: PlannedColumn[] | null;
  counts: { valid: number; rejected: number; skipped: number; duplicates: number };
  rejected: { record: number; ref: string | null; reason: string }[];
  skipped: { record: number; ref: string | null; reason: string }[];
  duplicates: { record: number; ref: string }[];
  items: DryRunItem[];
}

function toItem(ref: string, item: FeedbackInput, tag: Tag): DryRunItem {
  const tags = tag({
    text: item.text,
    rating: item.rating,
    channel: item.channel,
    source: item.format ?? item.source,
    language: item.language,
  });
  return {
    ref,
    record: item.record ?? null,
    text: item.text,
    question: item.question ?? null,
    createdAt: item.receivedAt,
    rating: item.rating,
    channel: item.channel,
    segment: item.segment,
    language: item.language,
    languageNote: item.languageNote ?? null,
    sentiment: { label: tags.sentiment.label, score: tags.sentiment.score },
    stage: tags.stage,
    touchpoint: tags.touchpoint,
    mentions: tags.mentions,
  };
}

const brief = (i: RecordIssue) => ({ record: i.record, ref: i.ref, reason: i.reason });

type Tag = (input: TagInput) => TagResult;

/** Parses and tags the whole file in memory (no database); the caller prints the report. */
export async function buildDryRunReport(
  file: string,
  options: ParseOptions,
  tag: Tag = tagItem,
): Promise<DryRunReport> {
  const parsed = await openExport({ path: file }, { fileName: file, ...options });
  const report: DryRunReport = {
    format: parsed.format,
    encoding: parsed.encoding,
    columns: parsed.columns,
    counts: { valid: 0, rejected: 0, skipped: 0, duplicates: 0 },
    rejected: [],
    skipped: [],
    duplicates: [],
    items: [],
  };
  for await (const event of parsed.events) {
    if (event.kind === 'item') report.items.push(toItem(event.ref, event.item, tag));
    else if (event.kind === 'rejected') report.rejected.push(brief(event.issue));
    else if (event.kind === 'skipped') report.skipped.push(brief(event.issue));
    else report.duplicates.push({ record: event.record, ref: event.ref });
  }
  report.counts = {
    valid: report.items.length,
    rejected: report.rejected.length,
    skipped: report.skipped.length,
    duplicates: report.duplicates.length,
  };
  return report;
}

function formatSummary(file: string, r: DryRunReport): string {
  const c = r.counts;
  const lines = [
    `${file}: ${r.format} (${r.encoding})`,
    ...(r.columns ?? []).map((c) => `  column ${c.column + 1} "${c.header}": ${c.role} (${c.why})`),
    `  ${c.valid} valid, ${c.rejected} rejected, ${c.skipped} skipped, ${c.duplicates} duplicates`,
  ];
  for (const x of r.rejected)
    lines.push(`  rejected record ${x.record}${x.ref ? ` (${x.ref})` : ''}: ${x.reason}`);
  for (const x of r.skipped)
    lines.push(`  skipped record ${x.record}${x.ref ? ` (${x.ref})` : ''}: ${x.reason}`);
  for (const x of r.duplicates) lines.push(`  duplicate record ${x.record}: ${x.ref} (first one kept)`);
  const negative = r.items.filter(
    (i) => i.sentiment.label === 'negative' || i.sentiment.label === 'mixed',
  ).length;
  lines.push(`  ${negative} of ${r.items.length} items carry a negative or mixed sentiment`);
  return `${lines.join('\n')}\n`;
}

/** Exit codes: 0 parsed (row errors included), 2 the whole file was rejected. */
export async function runDryRun(
  file: string,
  options: ParseOptions,
  out: NodeJS.WritableStream,
  json: boolean,
  tag: Tag = tagItem,
): Promise<number> {
  try {
    const report = await buildDryRunReport(file, options, tag);
    out.write(json ? `${JSON.stringify(report)}\n` : formatSummary(file, report));
    return 0;
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    const body = { error: { code: error.code, message: error.message, line: error.line ?? null } };
    out.write(
      json ? `${JSON.stringify(body)}\n` : `${file}: rejected whole (${error.code}): ${error.message}\n`,
    );
    return 2;
  }
}
