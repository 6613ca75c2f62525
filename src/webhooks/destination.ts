/**
 * Where a webhook may go (SSRF). Only http(s) URLs without credentials; the host's addresses must all be public:
 * loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), multicast, reserved and
 * documentation ranges are refused, IPv4-mapped and NAT64 IPv6 addresses by the IPv4 address inside them. Checked at
 * creation and again before every attempt, which then connects to the very address that was checked (no DNS
 * rebinding between check and connect). `WEBHOOK_ALLOWED_HOSTS` lets an operator allow named hosts or addresses.
 */
import { promises as dns } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses; injected in tests, `dns.lookup` otherwise. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** The IPv4 address an IPv6 address carries (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const [hi, lo] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  const v4 = embeddedIpv4(address);
  if (v4) return isPublicAddress(v4);
  // Other IPv4-compatible forms (::a.b.c.d) are deprecated; refuse them rather than reason about them.
  if (/^::[0-9.]+$/.test(address)) return false;
  return !blocked.check(address, 'ipv6');
}

export type Destination =
  | { ok: true; url: URL; hostname: string; address: ResolvedAddress }
  | { ok: false; reason: string };

export interface DestinationPolicy {
  resolve: HostResolver;
  allowedHosts: readonly string[];
}

/** Parses `raw` as a webhook URL (scheme, no credentials), without resolving it. */
export function parseWebhookUrl(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'Only http and https URLs' };
  if (url.username || url.password) return { ok: false, reason: 'The URL may not carry credentials' };
  if (!url.hostname) return { ok: false, reason: 'The URL has no host' };
  return { ok: true, url };
}

/** Checks `raw` and resolves it to the one address an attempt may connect to. */
export async function checkDestination(raw: string, policy: DestinationPolicy): Promise<Destination> {
  const parsed = parseWebhookUrl(raw);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const allowed = (name: string) => policy.allowedHosts.includes(name.toLowerCase());
  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal) addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await policy.resolve(hostname);
    } catch {
      return { ok: false, reason: `The host ${hostname} does not resolve` };
    }
    if (addresses.length === 0) return { ok: false, reason: `The host ${hostname} does not resolve` };
  }
  const hostAllowed = allowed(hostname);
  for (const a of addresses) {
    if (!hostAllowed && !isPublicAddress(a.address) && !allowed(a.address)) {
      return {
        ok: false,
        reason: `The host ${hostname} resolves to a loopback, private, link-local or otherwise non-public address`,
      };
    }
  }
  return { ok: true, url, hostname, address: addresses[0]! };
}
