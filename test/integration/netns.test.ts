// The scale-out bench's hosts (bench/lib/netns.ts): each namespace reaches the bridge address from its
// own address, cannot reach the root namespace's loopback, and removing the hosts leaves nothing behind.
// Root only (it creates namespaces and a bridge); its own names and subnet, apart from the bench's.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { commandInHost, createHosts, type Host, listLeftovers, removeHosts } from '../../bench/lib/netns.js';

const LAYOUT = { bridge: 'pmnstest0', subnet: '10.78.0' };
const asRoot = process.getuid?.() === 0;

/** Whether a TCP connection from inside `host` to address:port succeeds. */
function connectsFrom(host: Host, address: string, port: number): Promise<boolean> {
  const script = `require('node:net').connect(${port}, '${address}', () => process.exit(0)).on('error', () => process.exit(1))`;
  const [command = 'ip', ...args] = [...commandInHost(host), process.execPath, '-e', script];
  return new Promise((resolve) => execFile(command, args, { timeout: 20_000 }, (error) => resolve(!error)));
}

/** A TCP server on address that records the address of every client. */
async function listen(address: string): Promise<{ server: Server; port: number; clients: string[] }> {
  const clients: string[] = [];
  const server = createServer((socket) => {
    clients.push(socket.remoteAddress ?? '');
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const where = server.address();
  return { server, port: typeof where === 'object' && where ? where.port : 0, clients };
}

describe.skipIf(!asRoot)('separate hosts on one machine (network namespaces)', () => {
  afterAll(() => removeHosts(LAYOUT));

  it('gives each host its own address on the bridge, and removing them leaves nothing', async () => {
    const hosts = createHosts(LAYOUT, 2);
    expect(hosts.map((h) => h.address)).toEqual(['10.78.0.11', '10.78.0.12']);
    const bridge = await listen('10.78.0.1');
    const loopback = await listen('127.0.0.1');
    try {
      for (const host of hosts) expect(await connectsFrom(host, '10.78.0.1', bridge.port)).toBe(true);
      expect(bridge.clients.sort()).toEqual(['10.78.0.11', '10.78.0.12']);
      // The root namespace's loopback is another machine's: out of reach.
      expect(await connectsFrom(hosts[0]!, '127.0.0.1', loopback.port)).toBe(false);
      expect(loopback.clients).toEqual([]);
    } finally {
      bridge.server.close();
      loopback.server.close();
    }
    expect(listLeftovers(LAYOUT).length).toBe(5);
    removeHosts(LAYOUT);
    expect(listLeftovers(LAYOUT)).toEqual([]);
  });
});
