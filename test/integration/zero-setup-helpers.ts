// Shared by the zero-setup tests: the real CLI in a child process with the environment of a
// machine with no servers (no DATABASE_URL, REDIS_URL, tokens or port of ours), the dashboard URL
// it prints, and the API behind it.
import { type ChildProcess, spawn } from 'node:child_process';

/** The environment of a machine with no servers: no database, queue, tokens or port of ours. */
export function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1', ...extra };
  for (const name of Object.keys(env)) {
    if (/^(DATABASE_URL|REDIS_URL|API_TOKENS|PORT|HOST|PAINMAP_TEST_.*)$/.test(name)) delete env[name];
  }
  return env;
}

export interface Cli {
  child: ChildProcess;
  url: string;
  base: string;
  token: string;
  stderr: () => string;
}

const running = new Set<ChildProcess>();

/**
 * Starts the CLI and resolves with the dashboard URL it prints (`Dashboard: <url>`). The demo takes
 * 30–70 s on an idle 2-core machine and over 150 s under a load of 20: the limit catches hangs.
 */
export function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no dashboard URL within 300 s:\n${stderr}`)), 300_000);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before serving:\n${stderr}`)));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=([0-9a-f]{48})/.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        url: match[0].slice('Dashboard: '.length),
        base: match[1]!,
        token: match[2]!,
        stderr: () => stderr,
      });
    });
  });
}

/** Runs the CLI to its end (or 300 s): its exit code and stderr. */
export function runToExit(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), 300_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stderr });
    }),
  );
}

/** SIGTERM, then the exit code (graceful shutdown closes the database before exiting). */
export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

/** Stops every CLI process this file started that is still running. */
export async function stopAll(): Promise<void> {
  for (const child of running) await stop(child);
}

/** A call to the API the CLI serves, with its token unless told otherwise. */
export async function api<T>(
  cli: Cli,
  path: string,
  token: string | null = cli.token,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${cli.base}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as T };
}
