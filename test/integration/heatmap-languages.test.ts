import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printHeatmap } from '../../src/cli/heatmap.command.js';
import { rebuildDay } from '../../src/storage/aggregates.repository.js';
import { type ItemRow, writeTaggedItems } from '../../src/storage/items.repository.js';
import { createTestDb, itemRow, mentionRow, type TestDb } from './helpers.js';

function item(externalId: string, language: string | null, cell: [string, string]): ItemRow {
  const [stage, touchpoint] = cell;
  return itemRow({
    externalId,
    language,
    mentions: [mentionRow({ ordinal: 0, stage, touchpoint, label: 'negative', score: -0.5 })],
  });
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const rows = [
    item('en-1', 'en', ['fulfilment', 'delivery']),
    item('es-1', 'es', ['fulfilment', 'delivery']),
    item('de-1', 'de-AT', ['usage', 'billing']),
    item('none-1', null, ['usage', 'product']),
    item('nl-1', 'nl', ['unknown', 'unknown']),
    item('nl-2', 'nl', ['unknown', 'unknown']),
    item('it-1', 'it', ['unknown', 'unknown']),
  ];
  await t.db.transaction().execute((trx) => writeTaggedItems(trx, rows));
  await t.db.transaction().execute((trx) => rebuildDay(trx, '2026-03-02'));
});
afterAll(async () => t.drop());

function capture() {
  let text = '';
  return {
    out: {
      write: (s: string) => {
        text += s;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
}

const options = { bucket: 'day' as const, metric: 'pain' as const, top: 5, color: false };

describe('painmap heatmap and languages it cannot read', () => {
  it('counts items in a language with neither English rules nor a pack as "not analysed (language)"', async () => {
    const c = capture();
    await printHeatmap(t.db, options, c.out);
    expect(c.text()).toContain('not analysed (language): 3 items (nl 2, it 1)');
  });

  it('gives the count per language in the JSON output, within the date range', async () => {
    const c = capture();
    await printHeatmap(t.db, { ...options, json: true }, c.out);
    expect(JSON.parse(c.text()).notAnalysedLanguage).toEqual([
      { language: 'nl', items: 2 },
      { language: 'it', items: 1 },
    ]);
    const later = capture();
    await printHeatmap(t.db, { ...options, json: true, from: '2026-03-03' }, later.out);
    expect(JSON.parse(later.text()).notAnalysedLanguage).toEqual([]);
  });
});
