// `npm run build` step: tsc compiles TypeScript only; copy the JSON data files the code loads at run time.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function copyJson(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyJson(path);
    else if (name.endsWith('.json')) cpSync(path, join('dist', path));
  }
}
copyJson('src');
