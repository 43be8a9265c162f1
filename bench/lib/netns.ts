// Separate "hosts" on one machine: a Linux bridge in the root network namespace holding the .1 address
// of a /24, and per host a network namespace joined to the bridge by a veth pair, with its own address
// (.11, .12, …) and its own loopback. A process started in a namespace (`ip netns exec`) reaches the
// services bound to the bridge address over that link, as a worker on another machine would over
// the network. Every name starts with the layout's bridge name, so nothing else here is touched.
import { execFileSync } from 'node:child_process';

export interface NetnsLayout {
  /** The bridge's name (at most 11 characters: veth names are derived from it). */
  bridge: string;
  /** The first three octets of the /24, e.g. `10.77.0`. */
  subnet: string;
}

/** The scale-out bench's network: pmscale0, 10.77.0.0/24. */
export const SCALE_OUT_NETWORK: NetnsLayout = { bridge: 'pmscale0', subnet: '10.77.0' };

export interface Host {
  /** The network namespace's name. */
  name: string;
  /** Its address on the bridge. */
  address: string;
}

const ip = (...args: string[]) =>
  execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });

/** The address services bind to so that every host can reach them. */
export const bridgeAddress = (layout: NetnsLayout) => `${layout.subnet}.1`;

const namespaceOf = (layout: NetnsLayout, n: number) => `${layout.bridge}-host-${n}`;
const vethOf = (layout: NetnsLayout, n: number) => `${layout.bridge}-v${n}`;

/** Why namespaces cannot be made here (not root, no `ip`, no netns support), or null when they can. */
export function findNetnsProblem(): string | null {
  if (process.getuid?.() !== 0) return 'it must run as root (it creates network namespaces and a bridge)';
  try {
    ip('netns', 'list');
  } catch (error) {
    return `\`ip netns\` does not work here (${(error as Error).message.split('\n')[0]}); install iproute2`;
  }
  return null;
}

/** The bridge and `count` hosts on it, after removing whatever an earlier run of this layout left. */
export function createHosts(layout: NetnsLayout, count: number): Host[] {
  if (count < 1 || count > 9) throw new Error(`netns: 1 to 9 hosts, not ${count}`);
  removeHosts(layout);
  try {
    ip('link', 'add', layout.bridge, 'type', 'bridge');
    ip('addr', 'add', `${bridgeAddress(layout)}/24`, 'dev', layout.bridge);
    ip('link', 'set', layout.bridge, 'up');
    return Array.from({ length: count }, (_, i) => addHost(layout, i + 1));
  } catch (error) {
    removeHosts(layout);
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`netns: could not create the hosts: ${stderr || (error as Error).message}`);
  }
}

function addHost(layout: NetnsLayout, n: number): Host {
  const name = namespaceOf(layout, n);
  const veth = vethOf(layout, n);
  const inside = `${veth}p`;
  const address = `${layout.subnet}.${10 + n}`;
  ip('netns', 'add', name);
  ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', inside);
  ip('link', 'set', inside, 'netns', name);
  ip('link', 'set', veth, 'master', layout.bridge, 'up');
  ip('-n', name, 'addr', 'add', `${address}/24`, 'dev', inside);
  ip('-n', name, 'link', 'set', inside, 'up');
  ip('-n', name, 'link', 'set', 'lo', 'up');
  return { name, address };
}

/** Removes every host namespace of the layout, their veth pairs and the bridge; what is missing is skipped. */
export function removeHosts(layout: NetnsLayout): void {
  const prefix = `${layout.bridge}-host-`;
  const namespaces = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
  for (const name of namespaces) {
    ip('netns', 'delete', name); // takes the veth end inside with it, and so the pair
    deleteLink(vethOf(layout, Number(name.slice(prefix.length))));
  }
  deleteLink(layout.bridge);
}

/**
 * Deletes a link unless it is gone. The kernel removes a deleted namespace's veth pair a moment
 * later, so the link can vanish between a check and the delete ("Cannot find device"): that is success.
 */
function deleteLink(name: string): void {
  if (!linkExists(name)) return;
  try {
    ip('link', 'delete', name);
  } catch (error) {
    if (linkExists(name)) throw error;
  }
}

/** The names of the layout's namespaces and links that exist now (empty once removed). */
export function listLeftovers(layout: NetnsLayout): string[] {
  const namespaces = ip('netns', 'list').split('\n');
  const links = ip('-br', 'link').split('\n');
  return [...namespaces, ...links]
    .map((line) => (line.split(/[\s@]/)[0] ?? '').trim())
    .filter((name) => name.startsWith(layout.bridge));
}

const linkExists = (name: string) => listLinkNames().includes(name);
const listLinkNames = () =>
  ip('-br', 'link')
    .split('\n')
    .map((line) => line.split(/[\s@]/)[0] ?? '');

/** The command prefix that runs a command inside a host's namespace: `ip netns exec NAME`. */
export function commandInHost(host: Host): string[] {
  return ['ip', 'netns', 'exec', host.name];
}
