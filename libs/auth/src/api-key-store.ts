import type { Role } from './roles';

/** An API key as the store holds it: never the key itself. */
export interface StoredApiKey {
  id: string;
  prefix: string;
  hash: string;
  role: Role;
  tenantId: string;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
}

/** Where keys are looked up; the admin API provides the database-backed implementation. */
export interface ApiKeyStore {
  findByPrefix(prefix: string): Promise<StoredApiKey | undefined>;
  /**
   * Notes that a key authenticated a request at `at`. Called after every successful
   * authentication without being awaited; an implementation may coarsen it (the database store
   * writes at most once a minute per key).
   */
  markUsed?(keyId: string, at: Date): Promise<void>;
}

export const API_KEY_STORE = Symbol('switchboard:api-key-store');

/** Who is calling: attached to the request once authenticated. */
export interface Principal {
  keyId: string;
  role: Role;
  tenantId: string;
}
