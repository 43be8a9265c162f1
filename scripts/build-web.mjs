#!/usr/bin/env node
// Builds the web dashboard (web/) into dist/web (or the folder given): one ES module bundle with
// the ECharts parts it uses, one stylesheet and index.html. Usage: node scripts/build-web.mjs [OUT]
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist', 'web'));

await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: { app: join(root, 'web', 'src', 'main.ts') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
await copyFile(join(root, 'web', 'index.html'), join(out, 'index.html'));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.error(`build-web: ${out} (${Math.round(bytes / 1024)} KiB)`);
