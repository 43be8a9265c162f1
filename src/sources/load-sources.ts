// Reads the sources file named by PAINMAP_SOURCES. Read at every tick and every pull, so an edited
// file takes effect without a restart; a broken one fails loudly with every problem listed.
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { parseSources, type SourceConfig, SourcesFileError } from './sources.schema.js';

export async function loadSources(config: Pick<Config, 'PAINMAP_SOURCES'>): Promise<readonly SourceConfig[]> {
  const path = config.PAINMAP_SOURCES;
  if (!path) {
    throw new SourcesFileError('(unset)', [
      'PAINMAP_SOURCES is not set: point it at a sources file (see docs/nightly.md)',
    ]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SourcesFileError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`]);
  }
  return parseSources(text, path);
}
