import type { LookupAddress } from 'node:dns';
import { HostGuard, HostRefusedError } from './host-guard';

describe('HostGuard', () => {
  const guard = new HostGuard();

  it.each([
    ['169.254.169.254', 'a cloud metadata endpoint'],
    ['::ffff:169.254.169.254', 'a cloud metadata endpoint'],
    ['::ffff:a9fe:a9fe', 'a cloud metadata endpoint'],
    ['fd00:ec2::254', 'a cloud metadata endpoint'],
    ['100.100.100.200', 'a cloud metadata endpoint'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1234', 'link-local'],
    ['127.0.0.1', undefined],
    ['10.1.2.3', undefined],
    ['192.168.1.10', undefined],
    ['fd12::1', undefined],
    ['8.8.8.8', undefined],
  ])('%s → %s', (address, reason) => {
    expect(guard.addressRefusal(address)).toBe(reason);
  });

  it('lets link-local through on request, but still not metadata', () => {
    const linkLocal = new HostGuard({ allowLinkLocal: true });
    expect(linkLocal.addressRefusal('169.254.0.1')).toBeUndefined();
    expect(linkLocal.addressRefusal('169.254.169.254')).toBe('a cloud metadata endpoint');
    expect(
      new HostGuard({ allowLinkLocal: true, allowCloudMetadata: true }).addressRefusal('169.254.169.254'),
    ).toBe(undefined);
  });

  it.each(['127.0.0.1', '10.0.0.1', '172.20.1.1', '192.168.0.1', '100.64.0.1', '::1', 'fd12::1', '0.0.0.0'])(
    'denies private %s when asked',
    (address) => {
      expect(new HostGuard({ denyPrivateNetworks: true }).addressRefusal(address)).toBe(
        'on a private network',
      );
    },
  );

  it('matches exact and wildcard allowed hosts, case-insensitively, ignoring ports', () => {
    const listed = new HostGuard({ allowedHosts: ['Jira.Example.com', '*.service-now.com', '[::1]'] });
    const allowed = (url: string) => {
      try {
        listed.assertUrlAllowed(new URL(url));
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(HostRefusedError);
        return false;
      }
    };
    expect(allowed('https://jira.example.com:8443/x')).toBe(true);
    expect(allowed('https://acme.service-now.com/')).toBe(true);
    expect(allowed('https://a.b.service-now.com/')).toBe(true);
    expect(allowed('http://[::1]:8080/')).toBe(true);
    expect(allowed('https://service-now.com/')).toBe(false);
    expect(allowed('https://evilservice-now.com/')).toBe(false);
    expect(allowed('https://jira.example.com.evil.test/')).toBe(false);
  });

  it('refuses bad allow-list entries and non-http protocols', () => {
    expect(() => new HostGuard({ allowedHosts: ['a*.example.com'] })).toThrow('is not a host or *.domain');
    expect(() => guard.assertUrlAllowed(new URL('file:///etc/passwd'))).toThrow(
      'Protocol file: is not allowed',
    );
  });

  it('refuses metadata host names before any lookup, and decimal-encoded metadata IPs', () => {
    expect(() => guard.assertUrlAllowed(new URL('http://metadata.google.internal./'))).toThrow(
      'cloud metadata',
    );
    expect(() => guard.assertUrlAllowed(new URL('http://2852039166/'))).toThrow('Address 169.254.169.254');
  });

  describe('lookup', () => {
    const lookup = (g: HostGuard, hostname: string, all: boolean) =>
      new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
        g.lookup(hostname, { all }, (error, address, family) => resolve({ error, address, family })),
      );

    it('answers in both callback shapes Node uses', async () => {
      const g = new HostGuard({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      expect(await lookup(g, 'x.test', false)).toEqual({ error: null, address: '127.0.0.1', family: 4 });
      expect(await lookup(g, 'x.test', true)).toEqual({
        error: null,
        address: [{ address: '127.0.0.1', family: 4 }],
        family: undefined,
      });
    });

    it('refuses the name when any of its addresses is refused', async () => {
      const g = new HostGuard({
        resolve: async () => [
          { address: '127.0.0.1', family: 4 },
          { address: 'fe80::1', family: 6 },
        ],
      });
      const { error } = await lookup(g, 'mixed.test', true);
      expect(error).toBeInstanceOf(HostRefusedError);
      expect(error?.message).toBe('Host mixed.test resolves to fe80::1, which is link-local');
    });

    it('passes resolver errors through', async () => {
      const failure = Object.assign(new Error('getaddrinfo ENOTFOUND nope.test'), { code: 'ENOTFOUND' });
      const g = new HostGuard({ resolve: async () => Promise.reject(failure) });
      expect((await lookup(g, 'nope.test', false)).error).toBe(failure);
    });
  });
});
