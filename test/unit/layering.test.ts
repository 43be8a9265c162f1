import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.js';

// The house reads top-down: entry points (api, cli, the long-running processes, the composition
// root) → pipeline steps → building blocks (ingest, tagging, storage, queue, and the readers and
// queries beside them) → the domain types and the process-wide leaves. An import may go down or
// sideways, never back up.
const LAYERS: Record<string, number> = {
  api: 3,
  cli: 3,
  processes: 3,
  'runtime.ts': 3,
  pipeline: 2,
  scheduler: 2,
  ingest: 1,
  tagging: 1,
  storage: 1,
  queue: 1,
  aggregate: 1,
  search: 1,
  export: 1,
  sources: 1,
  'config.ts': 1,
  'domain.ts': 0,
  'logger.ts': 0,
  'signals.ts': 0,
};

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Relative specifiers of every static, side-effect, re-export and dynamic import in a module. */
function importSpecifiers(code: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...code.matchAll(pattern)].map((m) => m[1]!);
}

const layerOf = (file: string): number | undefined => LAYERS[file.split('/')[0]!];

function upwardImports(): string[] {
  const found: string[] = [];
  for (const full of sourceFiles(SRC)) {
    const from = path.relative(SRC, full).split(path.sep).join('/');
    for (const spec of importSpecifiers(readFileSync(full, 'utf8'))) {
      const target = path.relative(SRC, path.resolve(path.dirname(full), spec));
      const to = target.split(path.sep).join('/').replace(/\.js$/, '.ts');
      if (to.startsWith('..')) continue;
      if ((layerOf(to) ?? 0) > (layerOf(from) ?? 0)) found.push(`${from} -> ${to}`);
    }
  }
  return [...new Set(found)].sort();
}

describe('the layering of src/', () => {
  it('places every folder and top-level file of src/ in a layer', () => {
    const unplaced = readdirSync(SRC).filter((name) => LAYERS[name] === undefined);
    expect(unplaced).toEqual([]);
  });

  it('reads imports of every kind, and only relative ones', () => {
    const code = [
      "import { a } from '../queue/graph.js';",
      "import type { B } from './b.js';",
      "export { c } from '../c.js';",
      "import '../side-effect.js';",
      "const d = await import('../d.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importSpecifiers(code)).toEqual([
      '../queue/graph.js',
      './b.js',
      '../c.js',
      '../side-effect.js',
      '../d.js',
    ]);
  });

  it('has no import running back up the layers', () => {
    expect(upwardImports()).toEqual([]);
  });
});
