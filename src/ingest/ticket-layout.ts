// Helpdesk ticket exports (Freshdesk, Zendesk CSV) read alike once their columns are found: one
// required id, the ticket's text, its creation date, the channel it came in by, a satisfaction
// rating and the requester. A ticket the helpdesk deleted or marked as spam is skipped, and so,
// where the tool says so, is an e-mail the company sent first.
import { isCompanyInitiated, normalizeChannel, removedTicketReason, type SkipReason } from './channels.js';
import type { SegmentColumn } from './columns.js';
import {
  type CsvFormat,
  type CsvHead,
  cell,
  chooseDayFirst,
  joinCells,
  normalizeRow,
  noteLayout,
  oneHeaderRowFormat,
  type RowMapper,
  respondentFields,
} from './csv-format.js';
import { parseDate } from './dates.js';
import { finishRecord, type RatingResult } from './records.js';

/** Where a ticket export keeps each field (-1: nowhere). */
export interface TicketColumns {
  id: number;
  /** Joined in this order, one line each (Freshdesk: subject, then description). */
  text: number[];
  date: number;
  via: number;
  rating: number;
  customer: number;
  status: number;
  /** Yes/no flag columns, where the tool has them besides the status. */
  spam?: number;
  deleted?: number;
  segments: readonly SegmentColumn[];
}

/** What sets one helpdesk's export apart from another's. */
export interface TicketTool {
  name: string;
  source: string;
  /** Whether the header row (normalised) is this tool's. */
  matchesHeader: (norm: string[]) => boolean;
  /** The tool as messages name it (`Freshdesk`). */
  tool: string;
  /** The layout as the column notes name it (`Zendesk CSV`). */
  layout: string;
  /** The text's column, as a record with none names it. */
  textLabel: string;
  parseRating: (raw: string) => RatingResult;
  /** Whether a ticket that arrived as the company's own outbound e-mail is skipped (default: no). */
  skipsOutbound?: boolean;
  /** The columns, from the header row as it stands and normalised; may reject the file. */
  findColumns: (headers: readonly string[], norm: string[]) => TicketColumns;
}

/** A ticket export with one header row, each row one ticket. */
export function ticketFormat(tool: TicketTool): CsvFormat {
  return oneHeaderRowFormat({
    name: tool.name,
    source: tool.source,
    matchesHeader: tool.matchesHeader,
    prepare: (head) => {
      const headers = head.headers[0] ?? [];
      return mapTicketRows(head, tool, tool.findColumns(headers, normalizeRow(headers)));
    },
  });
}

const OUTBOUND: SkipReason = {
  code: 'company_initiated',
  reason: 'An outbound e-mail written by the company, not customer feedback.',
};

/** Notes the columns on the head, then maps each row to one ticket record. */
function mapTicketRows(head: CsvHead, tool: TicketTool, columns: TicketColumns): RowMapper {
  const { id, text, date, via, rating, customer, status, segments } = columns;
  const dateOptions = { dayFirst: chooseDayFirst(head, date) };
  noteLayout(head, tool.layout, {
    id: [id],
    text,
    date: [date],
    rating: [rating],
    customer: [customer],
    segment: segments.map((s) => s.index),
  });
  return (fields, record) => {
    const channel = cell(fields, via);
    const removed = removedTicketReason(tool.tool, cell(fields, status), {
      spam: cell(fields, columns.spam ?? -1),
      deleted: cell(fields, columns.deleted ?? -1),
    });
    const skipReason = removed ?? (tool.skipsOutbound && isCompanyInitiated(channel) ? OUTBOUND : undefined);
    return finishRecord({
      record,
      source: tool.source,
      id: cell(fields, id),
      idRequired: true,
      date: parseDate(cell(fields, date), dateOptions),
      text: joinCells(fields, text),
      rating: tool.parseRating(cell(fields, rating)),
      channel: normalizeChannel(channel),
      ...respondentFields(head, fields, { customer, segments }),
      textLabel: tool.textLabel,
      ...(skipReason ? { skipReason } : {}),
    });
  };
}
