import { SetMetadata } from '@nestjs/common';
import type { Permission } from './roles';

export const ACCESS_METADATA = 'switchboard:access';

/** What a route declared about who may call it. Every HTTP route must declare one. */
export type AccessRule = { kind: 'public'; reason: string } | { kind: 'permission'; permission: Permission };

/** Only callers whose key's role grants `permission` (see the permission matrix). */
export const Requires = (permission: Permission) =>
  SetMetadata<string, AccessRule>(ACCESS_METADATA, { kind: 'permission', permission });

/**
 * Anyone, without a key. An explicit decision with its reason, e.g. probes or webhook ingress
 * (which authenticates the sender its own way); the route-access test lists these.
 */
export const Public = (reason: string) =>
  SetMetadata<string, AccessRule>(ACCESS_METADATA, { kind: 'public', reason });
