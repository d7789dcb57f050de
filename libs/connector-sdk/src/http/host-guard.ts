import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';

/** One resolved address of a host name. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses; the default is the system resolver (`dns.lookup`). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** Where a client may connect. */
export interface HostGuardOptions {
  /**
   * When set, only these hosts may be contacted: exact names (`jira.example.com`) or wildcards
   * (`*.example.com`: any subdomain at any depth, not `example.com` itself). Ports are not part of
   * the match. The `baseUrl` host is not added implicitly.
   */
  allowedHosts?: readonly string[];
  /** Allow link-local addresses (169.254.0.0/16, fe80::/10). Cloud metadata stays refused. Default false. */
  allowLinkLocal?: boolean;
  /** Allow cloud metadata endpoints (see {@link CLOUD_METADATA_ADDRESSES}). Default false. */
  allowCloudMetadata?: boolean;
  /**
   * Refuse loopback, private (RFC 1918, CGNAT, IPv6 unique-local) and unspecified addresses.
   * Default false: self-hosted ITSM tools usually live on private networks.
   */
  denyPrivateNetworks?: boolean;
  /** Resolver used at connection time; injectable for tests. */
  resolve?: HostResolver;
}

/**
 * Instance metadata services that hand out cloud credentials to whoever asks: AWS/GCP/Azure/OCI
 * (169.254.169.254), AWS IPv6 (fd00:ec2::254), AWS ECS task metadata (169.254.170.2), Alibaba
 * (100.100.100.200), Azure WireServer (168.63.129.16).
 */
export const CLOUD_METADATA_ADDRESSES: readonly string[] = [
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  '168.63.129.16',
  'fd00:ec2::254',
];

/** Host names of metadata services, refused before any lookup. */
export const CLOUD_METADATA_HOSTNAMES: readonly string[] = [
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
];

const METADATA = new BlockList();
for (const address of CLOUD_METADATA_ADDRESSES)
  METADATA.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

const LINK_LOCAL = new BlockList();
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4');
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6');

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addAddress('::', 'ipv6');

/** Thrown (inside the connection attempt or before it) when a destination is not allowed. */
export class HostRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostRefusedError';
  }
}

/** `::ffff:169.254.169.254` and `::ffff:a9fe:a9fe` are IPv4 addresses in disguise. */
function unmapIpv4(address: string): string {
  const mapped = /^::ffff:(?:0:)?(.+)$/i.exec(address)?.[1];
  if (!mapped) return address;
  if (isIP(mapped) === 4) return mapped;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(mapped);
  if (!hex) return address;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function hostnameOf(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else
        resolve(addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 })));
    });
  });

/**
 * Decides where a client may connect. Two checks:
 * 1. before a request (and before each redirect): the host against the allow-list and the
 *    metadata host names, and IP literals against the address rules;
 * 2. at connection time, through {@link lookup} installed on the client's agents: every address a
 *    name resolves to against the address rules. Checking the address actually connected to is
 *    what makes it safe against DNS names pointing at (or rebinding to) 169.254.169.254.
 */
export class HostGuard {
  private readonly exactHosts = new Set<string>();
  private readonly wildcardSuffixes: string[] = [];
  private readonly resolve: HostResolver;

  constructor(private readonly options: HostGuardOptions = {}) {
    for (const pattern of options.allowedHosts ?? []) {
      const host = pattern.trim().toLowerCase().replace(/\.$/, '');
      if (host.startsWith('*.')) this.wildcardSuffixes.push(host.slice(1));
      else if (host.includes('*') || host === '')
        throw new Error(`allowedHosts entry '${pattern}' is not a host or *.domain`);
      else this.exactHosts.add(host.replace(/^\[|\]$/g, ''));
    }
    this.resolve = options.resolve ?? systemResolver;
  }

  /** Throws {@link HostRefusedError} when `url` may not be contacted (checks 1 above). */
  assertUrlAllowed(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HostRefusedError(`Protocol ${url.protocol} is not allowed`);
    }
    const host = hostnameOf(url);
    if (this.options.allowedHosts && !this.isListed(host)) {
      throw new HostRefusedError(`Host ${host} is not in this instance's allowed hosts`);
    }
    if (!this.options.allowCloudMetadata && CLOUD_METADATA_HOSTNAMES.includes(host)) {
      throw new HostRefusedError(`Host ${host} is a cloud metadata endpoint`);
    }
    if (isIP(host)) {
      const reason = this.addressRefusal(host);
      if (reason) throw new HostRefusedError(`Address ${host} is ${reason}`);
    }
  }

  /** Why an address may not be contacted, or `undefined` when it may. */
  addressRefusal(rawAddress: string): string | undefined {
    const address = unmapIpv4(rawAddress);
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!this.options.allowCloudMetadata && METADATA.check(address, type)) return 'a cloud metadata endpoint';
    if (!this.options.allowLinkLocal && LINK_LOCAL.check(address, type)) return 'link-local';
    if (this.options.denyPrivateNetworks && PRIVATE.check(address, type)) return 'on a private network';
    return undefined;
  }

  /**
   * A `lookup` for `http.Agent`/`https.Agent`: resolves through the configured resolver and fails
   * the connection when any resolved address is refused (all of them, not just the first: Node
   * may try several, "happy eyeballs").
   */
  readonly lookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = addresses.filter((entry) => family === undefined || entry.family === family);
        for (const entry of usable) {
          const reason = this.addressRefusal(entry.address);
          if (reason) {
            callback(
              new HostRefusedError(`Host ${hostname} resolves to ${entry.address}, which is ${reason}`),
              '',
            );
            return;
          }
        }
        if (usable.length === 0) {
          const notFound = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
            code: 'ENOTFOUND',
          });
          callback(notFound, '');
        } else if (options.all) {
          callback(null, usable as LookupAddress[]);
        } else {
          callback(null, usable[0].address, usable[0].family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };

  private isListed(host: string): boolean {
    return this.exactHosts.has(host) || this.wildcardSuffixes.some((suffix) => host.endsWith(suffix));
  }
}
