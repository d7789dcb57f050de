import { generateApiKey, apiKeyMatches, apiKeyPrefix } from './api-key';
import { PERMISSION_MATRIX, PERMISSIONS, roleGrants } from './roles';

describe('permission matrix', () => {
  it('gives admins everything and keeps the audit trail and keys to them', () => {
    expect([...PERMISSION_MATRIX.admin].sort()).toEqual([...PERMISSIONS].sort());
    for (const role of ['viewer', 'operator', 'approver', 'editor'] as const) {
      expect(roleGrants(role, 'audit:read')).toBe(false);
      expect(roleGrants(role, 'api-keys:manage')).toBe(false);
    }
  });

  it('separates deciding approvals, operating and editing', () => {
    expect(roleGrants('approver', 'approvals:decide')).toBe(true);
    expect(roleGrants('editor', 'approvals:decide')).toBe(false);
    expect(roleGrants('operator', 'dlq:replay')).toBe(true);
    expect(roleGrants('operator', 'instances:write')).toBe(false);
    expect(roleGrants('editor', 'flows:write')).toBe(true);
    expect(roleGrants('viewer', 'runs:read')).toBe(true);
    expect(roleGrants('viewer', 'runs:replay')).toBe(false);
  });
});

describe('API keys', () => {
  it('are random, carry a visible prefix, and verify only against their own hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    expect(apiKeyPrefix(a.key)).toBe(a.prefix);
    expect(a.hash).not.toContain(a.key.slice(13));
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    expect(apiKeyPrefix('sbk_short_x')).toBeUndefined();
  });
});
