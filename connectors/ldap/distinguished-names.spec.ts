import { dnKey, isWithin, looksLikeDn, withoutOptionalUid } from './distinguished-names';

describe('distinguished names', () => {
  it('compares two spellings of one DN as equal', () => {
    expect(dnKey('uid=Bob, ou=People,DC=example , dc=org')).toBe(
      dnKey('uid=bob,ou=people,dc=example,dc=org'),
    );
    expect(dnKey('cn=a+uid=b,dc=org')).toBe(dnKey('uid=b + cn=a,dc=org'));
    expect(dnKey('cn=Smith\\, John,dc=org')).not.toBe(dnKey('cn=Smith,cn=John,dc=org'));
  });

  it('tells whether an entry is at or below a base', () => {
    expect(isWithin('cn=it-ops,ou=Groups,dc=example,dc=org', 'ou=groups,dc=example,dc=org')).toBe(true);
    expect(isWithin('ou=groups,dc=example,dc=org', 'ou=groups,dc=example,dc=org')).toBe(true);
    expect(isWithin('cn=x,ou=othergroups,dc=example,dc=org', 'ou=groups,dc=example,dc=org')).toBe(false);
    expect(isWithin('cn=x,dc=example,dc=org', 'ou=groups,dc=example,dc=org')).toBe(false);
  });

  it('tells a DN from a name, an id or an address', () => {
    expect(looksLikeDn('uid=alice,ou=people,dc=example,dc=org')).toBe(true);
    expect(looksLikeDn('2.5.4.3=alice,dc=org')).toBe(true);
    for (const value of [
      'alice',
      'it-ops',
      'alice@example.org',
      '0ec21a5a-81de-1041-8783-ad6b6d8cb678',
      '*)(uid=*',
    ])
      expect(looksLikeDn(value)).toBe(false);
  });

  it('drops the optional UID of a uniqueMember value (RFC 4517 NameAndOptionalUID)', () => {
    expect(withoutOptionalUid("uid=alice,ou=people,dc=example,dc=org#'0101'B")).toBe(
      'uid=alice,ou=people,dc=example,dc=org',
    );
    expect(withoutOptionalUid('uid=alice,ou=people,dc=example,dc=org')).toBe(
      'uid=alice,ou=people,dc=example,dc=org',
    );
  });
});
