// Mention evidence is written once and read whole (quotes, highlights), never searched inside: `json`
// keeps the text as written, where `jsonb` parsed and rebuilt every document on the hot write path
// (about a quarter of a batch's write cost for ~4 mentions an item). `->`, `->>` and
// json_array_elements work on it as before. The change rewrites the table once.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table feedback_mentions
      alter column evidence drop default,
      alter column evidence type json using evidence::json,
      alter column evidence set default '[]'::json`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table feedback_mentions
      alter column evidence drop default,
      alter column evidence type jsonb using evidence::jsonb,
      alter column evidence set default '[]'::jsonb`.execute(db);
}
