// onShutdown in a real process: the first signal shuts down gracefully, a second forces exit, and a
// SIGTERM repeated within a second (the bin relaying it beside a process-group kill) counts once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'painmap-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(dir, 'stopper.mts');
writeFileSync(
  script,
  `import { onShutdown } from ${JSON.stringify(fileURLToPath(new URL('../../src/signals.ts', import.meta.url)))};
const log = { info() {}, warn() {}, error() {} } as never;
const alive = setInterval(() => {}, 1000);
const stopped = onShutdown(log, () => new Promise((resolve) => setTimeout(resolve, 2500)));
process.stdout.write('ready\\n');
await stopped;
clearInterval(alive);
process.stdout.write('stopped\\n');
`,
);

/** Starts the script, sends the signals `gapMs` apart once it is ready, and returns how it ended. */
async function signalTwice(signals: [NodeJS.Signals, NodeJS.Signals], gapMs: number) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the script exited (${code}) before it was ready`)));
  });
  child.kill(signals[0]);
  await new Promise((resolve) => setTimeout(resolve, gapMs));
  child.kill(signals[1]);
  const code = await exited;
  return { code, stopped: out.includes('stopped') };
}

describe('onShutdown', () => {
  it('takes a SIGTERM repeated within a second as one request and shuts down gracefully', async () => {
    expect(await signalTwice(['SIGTERM', 'SIGTERM'], 50)).toEqual({ code: 0, stopped: true });
  });

  it('exits at once on a second signal of another kind', async () => {
    expect(await signalTwice(['SIGTERM', 'SIGINT'], 50)).toEqual({ code: 130, stopped: false });
  });

  it('exits at once on a second SIGTERM sent more than a second later', async () => {
    expect(await signalTwice(['SIGTERM', 'SIGTERM'], 1200)).toEqual({ code: 130, stopped: false });
  });
});
