// The heap limit painmap's processes run with unless the user chose one: Node sizes V8's old space
// from the machine's memory (up to 4 GB) and lets garbage pile up to several hundred MB before
// a full collection; 256 MB of old space keeps `painmap ingest` of a 1 GB CSV under 300 MB RSS.
import { spawn } from 'node:child_process';
import { isatty } from 'node:tty';

export const DEFAULT_MAX_OLD_SPACE_MB = 256;

const HEAP_FLAG = /(?:^|\s)--max[-_]old[-_]space[-_]size(?:[=\s]|$)/;

/**
 * The NODE_OPTIONS to run with: the user's own, plus the default heap limit when neither their
 * NODE_OPTIONS nor node's command line (execArgv) sets one. Undefined when nothing needs to change.
 */
export function nodeOptionsWithHeapLimit(nodeOptions = '', execArgv = []) {
  if (HEAP_FLAG.test(nodeOptions) || execArgv.some((arg) => HEAP_FLAG.test(arg))) return undefined;
  return `${nodeOptions} --max-old-space-size=${DEFAULT_MAX_OLD_SPACE_MB}`.trim();
}

/**
 * Runs `entry` in this process when a heap limit is already set, else starts this same script again
 * with the default limit (V8 takes it only at start-up) and exits as the child does. A terminal's
 * Ctrl-C reaches the child directly (same process group), so SIGINT is passed on only when no terminal
 * is attached; SIGTERM and SIGHUP are always passed on (signals.ts takes a repeated SIGTERM as one).
 */
export async function runWithHeapLimit(entry) {
  const nodeOptions = nodeOptionsWithHeapLimit(process.env.NODE_OPTIONS, process.execArgv);
  if (nodeOptions === undefined) return entry();
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  // isatty on the descriptors, not process.stdin: creating that stream could change the shared pipe.
  const terminal = isatty(0) || isatty(1) || isatty(2);
  const relay = (signal) => {
    if (signal === 'SIGINT' && terminal) return;
    child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, relay);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(name, relay);
  if (signal) process.kill(process.pid, signal);
  else process.exitCode = code ?? 1;
}
