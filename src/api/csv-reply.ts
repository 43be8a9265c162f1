// `?format=csv` on the query endpoints: the same rows as the JSON, as a CSV download (the tables of
// src/export, formula-injection safe).
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { type CsvTable, toCsv } from '../export/csv.js';

export const format = z
  .enum(['json', 'csv'])
  .default('json')
  .describe("csv: the table as a CSV download (cells a spreadsheet would run as formulas start with ')");

/** Sends the table as `<name>.csv`, UTF-8, one header line. */
export function sendCsv(reply: FastifyReply, name: string, table: CsvTable): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(`${toCsv(table)}\n`);
}
