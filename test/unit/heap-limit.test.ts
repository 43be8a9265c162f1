// The bin's default heap limit (bin/heap-limit.mjs): applied unless the user set one, theirs kept.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_OLD_SPACE_MB, nodeOptionsWithHeapLimit } from '../../bin/heap-limit.mjs';

describe('nodeOptionsWithHeapLimit', () => {
  const cap = `--max-old-space-size=${DEFAULT_MAX_OLD_SPACE_MB}`;
  it.each([
    ['nothing set', undefined, [], cap],
    [
      'other options, kept before the cap',
      '--enable-source-maps --require ./x.cjs',
      [],
      `--enable-source-maps --require ./x.cjs ${cap}`,
    ],
    ["the user's own limit", '--max-old-space-size=1024', [], undefined],
    ["the user's own limit, underscores", '--trace-gc --max_old_space_size=64', [], undefined],
    ["the user's own limit, a space before the value", '--max-old-space-size 512', [], undefined],
    ['a limit on node’s command line', '', ['--max-old-space-size=2048'], undefined],
    ['a similar but other flag', '--max-semi-space-size=16', [], `--max-semi-space-size=16 ${cap}`],
  ])('%s', (_case, nodeOptions, execArgv, expected) => {
    expect(nodeOptionsWithHeapLimit(nodeOptions, execArgv)).toBe(expected);
  });
});

describe('where painmap processes start', () => {
  it('the image sets the same limit as the bin, and the package scripts start through the launcher', () => {
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    expect(/^ENV NODE_OPTIONS=(.+)$/m.exec(dockerfile)?.[1]).toBe(nodeOptionsWithHeapLimit(''));
    const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(scripts.painmap).toBe('node scripts/painmap-source.mjs');
    expect(scripts.demo).toBe('node scripts/painmap-source.mjs demo');
  });
});

describe.each(['bin/painmap.mjs', 'scripts/painmap-source.mjs'])('%s', (entry) => {
  const dir = mkdtempSync(join(tmpdir(), 'painmap-heap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const probe = join(dir, 'probe.cjs');
  // Every node process started with it appends its pid, parent pid, heap limit and NODE_OPTIONS (from
  // its main thread: tsx's loader thread runs the preload too).
  writeFileSync(
    probe,
    `if (require('node:worker_threads').isMainThread)
    require('node:fs').appendFileSync(process.env.PAINMAP_PROBE_OUT, JSON.stringify({
      pid: process.pid, ppid: process.ppid, nodeOptions: process.env.NODE_OPTIONS,
      heapLimitMb: Math.round(require('node:v8').getHeapStatistics().heap_size_limit / 1048576),
    }) + '\\n');`,
  );
  type Probe = { pid: number; ppid: number; nodeOptions: string; heapLimitMb: number };

  function run(name: string, nodeOptions: string) {
    const out = join(dir, `${name}.jsonl`);
    const result = spawnSync(process.execPath, [entry, 'no-such-command'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: nodeOptions, PAINMAP_PROBE_OUT: out },
    });
    const probes = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Probe);
    return { status: result.status, stderr: result.stderr, probes };
  }

  it('runs the CLI with the default heap limit when the user set none, and exits as it does', () => {
    const { status, stderr, probes } = run('default', `--require ${probe}`);
    expect(status).toBe(1);
    expect(stderr).toContain("unknown command 'no-such-command'");
    expect(probes).toHaveLength(2);
    const [launcher, cli] = probes;
    expect(cli!.ppid).toBe(launcher!.pid);
    expect(cli!.nodeOptions).toBe(`--require ${probe} --max-old-space-size=${DEFAULT_MAX_OLD_SPACE_MB}`);
    // The limit V8 reports is the old space plus the young generation (48 MB more for 256 on Node 20).
    expect(cli!.heapLimitMb).toBeGreaterThanOrEqual(DEFAULT_MAX_OLD_SPACE_MB);
    expect(cli!.heapLimitMb).toBeLessThan(DEFAULT_MAX_OLD_SPACE_MB + 100);
  });

  it("keeps the user's own heap limit and starts no second process", () => {
    const { status, probes } = run('own', `--require ${probe} --max-old-space-size=700`);
    expect(status).toBe(1);
    expect(probes).toHaveLength(1);
    expect(probes[0]!.nodeOptions).toBe(`--require ${probe} --max-old-space-size=700`);
    expect(probes[0]!.heapLimitMb).toBeGreaterThanOrEqual(700);
    expect(probes[0]!.heapLimitMb).toBeLessThan(800);
  });
});
