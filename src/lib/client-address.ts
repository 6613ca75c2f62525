/**
 * The client's address for per-address limits (sign-in rate limit). Behind a load balancer every request comes from
 * the balancer, so the client is in `X-Forwarded-For`; but anyone can send that header, so it is read only when the
 * socket's peer is a configured trusted proxy (TRUSTED_PROXIES), and then from the right: each trusted hop appended
 * the address it saw, and the first untrusted address from the right is the client (entries further left were
 * written by that client and prove nothing).
 */
import { BlockList, isIP } from 'node:net';

const lists = new WeakMap<readonly string[], BlockList>();

function blockList(trusted: readonly string[]): BlockList {
  let list = lists.get(trusted);
  if (!list) {
    list = new BlockList();
    for (const entry of trusted) {
      const [address = '', prefix] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    lists.set(trusted, list);
  }
  return list;
}

/** An address as written in a header or by the socket: IPv4-mapped IPv6 unwrapped, a port or brackets dropped. */
export function normalizeAddress(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) value = mapped[1] ?? '';
  return isIP(value) === 0 ? null : value.toLowerCase();
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: readonly string[],
): string {
  let client = (peer && normalizeAddress(peer)) ?? 'unknown';
  if (trusted.length === 0 || client === 'unknown' || !forwardedFor) return client;
  const list = blockList(trusted);
  const hops = forwardedFor.split(',');
  while (isTrusted(list, client) && hops.length > 0) {
    const next = normalizeAddress(hops.pop() ?? '');
    // A hop that is not an address is garbage from the client side: the last good address is as far as we trust.
    if (next === null) break;
    client = next;
  }
  return client;
}
