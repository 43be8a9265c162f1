// Streams one file through openExport and prints its record count, peak RSS and time as JSON.
import { openExport } from '../../src/ingest/index.js';

const path = process.argv[2]!;
const t0 = performance.now();
let records = 0;
const parsed = await openExport({ path }, { maxBytes: 8 * 1024 ** 3, maxRecords: 100_000_000 });
for await (const _event of parsed.events) records++;
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify({ records, maxRssMb, seconds: (performance.now() - t0) / 1000 }));
