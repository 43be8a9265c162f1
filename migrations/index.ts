// The ordered list of migrations. Add a file `NNNN_name.ts` and one line here.
import type { Migration } from 'kysely';
import * as m0001 from './0001_core_schema.js';

export const migrations: Record<string, Migration> = {
  '0001_core_schema': m0001,
};
