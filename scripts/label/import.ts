// Copies our labellers' finished batches into the repo: items of ../shared/corpora/labelled/dev.jsonl that
// were slipped into the batches (to measure agreement with the outside annotators) go to
// fixtures/labelled/agreement/dev-relabelled.jsonl, never into training data; the rest to
// fixtures/labelled/corpora/. Usage: tsx scripts/label/import.ts LABEL_OUT_DIR...
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');
const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: tsx scripts/label/import.ts LABEL_OUT_DIR...');

/** Ids and texts of a labelled file: the corpora hold a few texts twice under two ids. */
function keys(file: string): Set<string> {
  const out = new Set<string>();
  for (const l of readFileSync(file, 'utf8').split('\n')) {
    if (l.trim() === '') continue;
    const r = JSON.parse(l) as { id: unknown; text: unknown };
    out.add(`id:${String(r.id)}`);
    out.add(`text:${normalise(String(r.text))}`);
  }
  return out;
}
const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
const dev = keys(path.join(corporaDir, 'labelled/dev.jsonl'));
const test = keys(path.join(corporaDir, 'labelled/test.jsonl'));
let dropped = 0;
const devLines: string[] = [];
mkdirSync(path.join(repoRoot, 'fixtures/labelled/corpora'), { recursive: true });
mkdirSync(path.join(repoRoot, 'fixtures/labelled/agreement'), { recursive: true });
const batches = dirs.flatMap((from) =>
  readdirSync(from)
    .filter((f) => /^batch-\d+\.jsonl$/.test(f))
    .sort()
    .map((f) => ({ from, f })),
);
for (const { from, f } of batches) {
  const keep: string[] = [];
  for (const line of readFileSync(path.join(from, f), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as { id: unknown; text: unknown };
    const id = `id:${String(r.id)}`;
    const text = `text:${normalise(String(r.text))}`;
    if (test.has(id)) throw new Error(`${f}: ${id} is a test item; it must never be labelled or trained on`);
    // The same words as a test item under another id: never trained on either.
    if (test.has(text)) dropped++;
    else if (dev.has(id)) devLines.push(line);
    else if (dev.has(text)) dropped++;
    else keep.push(line);
  }
  writeFileSync(path.join(repoRoot, 'fixtures/labelled/corpora', f), `${keep.join('\n')}\n`);
  console.log(`${f}: ${keep.length} items`);
}
// Earlier rounds' relabelled dev items stay: each round adds its own (one labelling per id, the first).
const relabelledFile = path.join(repoRoot, 'fixtures/labelled/agreement/dev-relabelled.jsonl');
const kept = existsSync(relabelledFile)
  ? readFileSync(relabelledFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
  : [];
const keptIds = new Set(kept.map((l) => String((JSON.parse(l) as { id: unknown }).id)));
const added = devLines.filter((l) => !keptIds.has(String((JSON.parse(l) as { id: unknown }).id)));
writeFileSync(relabelledFile, `${[...kept, ...added].join('\n')}\n`);
console.log(
  `dev items relabelled by our labellers: ${devLines.length} (${added.length} new); dropped (same text as a dev or test item): ${dropped}`,
);
