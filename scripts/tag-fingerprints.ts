// `npx tsx scripts/tag-fingerprints.ts [--root DIR] > out.tsv`: one line per corpus item, tagger and input
// variant (`file  tagger/variant  id  hash`) from the tagging engine of the checkout at DIR (default: this
// one). Run it on two checkouts and `diff` the files: no line may differ when a change must keep every tag.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corpusFiles, fingerprint, readRecords, variants } from './eval/fingerprints.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--root');
const root = at < 0 ? repoRoot : path.resolve(process.argv[at + 1]!);
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');

type Tagging = typeof import('../src/tagging/index.js');
const tagging = (await import(pathToFileURL(path.join(root, 'src/tagging/index.ts')).href)) as Tagging;
const { createTagger, defaultTaxonomy, resolveTaxonomy, shippedClauseModel, tagItem } = tagging;
// The default tagger, the rules alone, and a preset (its own deferring rules and priors).
const taggers = [
  ['default', tagItem],
  ['rules', createTagger(defaultTaxonomy, { clauseModel: null })],
  ['banking', createTagger(resolveTaxonomy('preset:banking'), { clauseModel: shippedClauseModel })],
] as const;

let lines = 0;
const out: string[] = [];
for (const file of corpusFiles(corporaDir)) {
  const name = path.relative(corporaDir, file);
  readRecords(file).forEach((record, k) => {
    for (const [tagger, tag] of taggers)
      for (const [variant, input] of variants(record, k))
        out.push(`${name}\t${tagger}/${variant}\t${record.id}\t${fingerprint(tag(input))}`);
  });
  process.stdout.write(`${out.join('\n')}\n`);
  lines += out.length;
  out.length = 0;
}
console.error(`${lines} fingerprints from ${root} (${corporaDir})`);
