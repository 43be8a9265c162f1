// Shared by the API tests: a painmap server on a free loopback port with generated tokens, real
// workers beside it, and a TCP proxy the outage test can cut and restore.
import { randomBytes } from 'node:crypto';
import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { ApiRuntime } from '../../src/api/runtime.js';
import { createApiServer } from '../../src/api/server.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { startPipelineWorkers } from '../../src/processes/run-workers.js';
import { closeWorkers } from '../../src/queue/workers.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { obliteratePrefix, silentLog, testRedis, waitFor } from './helpers.js';

export const tokens = {
  admin: randomBytes(24).toString('hex'),
  ingest: randomBytes(24).toString('hex'),
  read: randomBytes(24).toString('hex'),
};
export const API_TOKENS = `ops:admin:${tokens.admin},crm:ingest:${tokens.ingest},dash:read:${tokens.read}`;

export interface TestServer {
  url: string;
  rt: ApiRuntime;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startTestServer(
  config: Config,
  webRoot = '/nonexistent',
  log: Logger = silentLog,
): Promise<TestServer> {
  const rt = await createRuntime(config, { role: 'api', log });
  const app = await createApiServer(rt, { webRoot });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  await waitFor(async () => rt.redis?.status === 'ready', 'the API to reach Redis', 10_000);
  return {
    url: address,
    rt,
    app,
    async close() {
      await app.close();
      await rt.close();
    },
  };
}

export interface TestWorkers {
  rt: Runtime;
  close(): Promise<void>;
}

export async function startTestWorkers(config: Config, log: Logger = silentLog): Promise<TestWorkers> {
  const rt = await createRuntime(config, { role: 'worker', name: 'painmap-test-worker', log });
  const workers: Worker[] = startPipelineWorkers(rt, { concurrency: 2 });
  return {
    rt,
    async close() {
      await closeWorkers(workers, 5_000);
      const redis = testRedis();
      await obliteratePrefix(redis, config.QUEUE_PREFIX);
      redis.disconnect();
      await rt.close();
    },
  };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A TCP proxy on loopback that can be cut (listener closed, connections destroyed) and restored on the same port. */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = new NetSocket();
      this.track(client);
      this.track(upstream);
      upstream.connect(this.target.port, this.target.host);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}

export function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

export function throughProxy(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
