/** Injection token of the {@link LeaseStore} the poll scheduler uses. */
export const LEASE_STORE = Symbol('switchboard:lease-store');
