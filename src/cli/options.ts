// Option parsers and option blocks shared by the commands: every value is checked where it is parsed,
// so a bad one is refused with a message naming what is wrong before any command runs. Also what the
// --json / --csv block prints.
import { type Command, InvalidArgumentError } from 'commander';
import type { CellFilter } from '../aggregate/cell-days.query.js';

/** `--segment plan=pro` (repeatable): accumulates key=value pairs. */
export const keyValue = (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

/** A repeatable option's values, in order. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A real UTC calendar day as YYYY-MM-DD (2026-02-31 is refused, not rolled over). */
export function parseDay(value: string): string {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError(`expected a real day as YYYY-MM-DD (UTC), got "${value}"`);
  }
  return value;
}

/** A whole number of at least 1 (counts, ids, days). */
export function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return Number(value);
}

/** Any number above 0 (rates, weights). */
export function parsePositive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return Number(value);
}

/** `--source`, `--segment` (repeatable) and, with `persona`, `--persona`: which items count. */
export function addFilterOptions(command: Command, { persona = true } = {}): Command {
  command
    .option('--source <name>', 'only this source')
    .option('--segment <key=value>', 'only this segment (repeatable)', keyValue);
  return persona
    ? command.option('--persona <name>', 'only this persona (same as --segment persona=NAME)')
    : command;
}

/** The filter of addFilterOptions' options; empty parts are left out. */
export function filterOf(o: {
  source?: string;
  segment?: Record<string, string>;
  persona?: string;
}): CellFilter {
  const segment = { ...(o.segment ?? {}), ...(o.persona ? { persona: o.persona } : {}) };
  return {
    ...(o.source ? { source: o.source } : {}),
    ...(Object.keys(segment).length > 0 ? { segment } : {}),
  };
}

/** `--as-of`, or `--from` with `--to`: the period of a report (the bucket option is the command's). */
export function addPeriodOptions(command: Command): Command {
  return command
    .option('--as-of <date>', 'analysis day (default: the last day with data)', parseDay)
    .option('--from <date>', 'period start instead of --bucket (with --to)', parseDay)
    .option('--to <date>', 'period end (inclusive)', parseDay);
}

/** Refuses half a --from/--to pair. */
export function checkPeriod(o: { from?: string; to?: string }): void {
  if ((o.from === undefined) !== (o.to === undefined))
    throw new Error('Give both --from and --to, or neither.');
}

/** `--json` and `--csv`: the report as one JSON value, or as its CSV table, instead of text. */
export function addOutputOptions(command: Command): Command {
  return command
    .option('--json', 'JSON output')
    .option('--csv', 'CSV output (safe against formula injection)');
}

export interface OutputOptions {
  json?: boolean;
  csv?: boolean;
}

/**
 * Prints a report as --json or --csv ask, else as text; a null report (no aggregated feedback yet)
 * prints as JSON `null` or a line saying what to do.
 */
export function writeReport<R>(
  out: NodeJS.WritableStream,
  report: R | null,
  options: OutputOptions,
  render: { csv(report: R): string; text(report: R): string },
): void {
  if (options.json) out.write(`${JSON.stringify(report)}\n`);
  else if (report === null)
    out.write('No aggregated feedback yet: ingest some files first (or try `painmap demo`).\n');
  else out.write(`${options.csv ? render.csv(report) : render.text(report)}\n`);
}
