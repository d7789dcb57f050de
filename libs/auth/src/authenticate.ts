import { ErrorCode, SwitchboardError } from '@switchboard/errors';
import { apiKeyMatches, apiKeyPrefix } from './api-key';
import type { ApiKeyStore, Principal } from './api-key-store';

/** Why a request was not authenticated: the `detail` of the 401 says which, in plain words. */
export type AuthFailure = 'missing' | 'malformed' | 'invalid' | 'expired' | 'revoked';

const DETAIL: Record<AuthFailure, string> = {
  missing: 'an API key is required: send "Authorization: Bearer <key>" or "X-Api-Key: <key>"',
  malformed: 'the API key is malformed: keys look like sbk_<prefix>_<secret>',
  invalid: 'the API key is not valid',
  expired: 'the API key has expired',
  revoked: 'the API key has been revoked',
};

export class AuthenticationError extends SwitchboardError {
  constructor(readonly failure: AuthFailure) {
    super(ErrorCode.Auth, DETAIL[failure]);
    this.name = 'AuthenticationError';
  }
}

/** The key a request presents, from `Authorization: Bearer` or `X-Api-Key`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
    return authorization.replace(/^bearer\s+/i, '').trim();
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/**
 * Resolves a presented key to its principal. Expiry and revocation are only reported once the key
 * itself matched, so the answer never helps guess a key.
 */
export async function authenticate(
  key: string | undefined,
  store: ApiKeyStore | undefined,
  now = new Date(),
): Promise<Principal> {
  if (!key) throw new AuthenticationError('missing');
  const prefix = apiKeyPrefix(key);
  if (!prefix) throw new AuthenticationError('malformed');
  const stored = store ? await store.findByPrefix(prefix) : undefined;
  if (!stored || !apiKeyMatches(key, stored.hash)) throw new AuthenticationError('invalid');
  if (stored.revokedAt) throw new AuthenticationError('revoked');
  if (stored.expiresAt && stored.expiresAt.getTime() <= now.getTime())
    throw new AuthenticationError('expired');
  return { keyId: stored.id, role: stored.role, tenantId: stored.tenantId };
}
