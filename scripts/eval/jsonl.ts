// Reads a labelled JSONL file, validating each line with a zod schema; an error names the file and line.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export function readJsonlWith<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = schema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}
