import {
  checkFailed,
  checkPassed,
  type CheckResult,
  type ConnectorContext,
} from '@switchboard/connector-sdk';
import { ANY_ENTRY } from './directory-filters';
import { LdapConnection, PAGED_RESULTS_OID } from './ldap-connection';
import type { LdapConfig } from './ldap.config';

/**
 * Binds with the configured credentials on a connection of its own (a pooled one was bound
 * earlier and proves nothing about the password now), reads both base DNs and the root DSE.
 * invalidCredentials → `auth_failed`; no connection, timeout or TLS trouble → `unreachable`; a
 * base DN that does not exist (or the account cannot see) → `misconfigured`.
 */
export async function checkDirectory(ctx: ConnectorContext<LdapConfig>): Promise<CheckResult> {
  const { config } = ctx;
  let connection: LdapConnection;
  try {
    connection = await LdapConnection.open(config);
  } catch (error) {
    return checkFailed(error, `LDAP bind as ${config.bindDn}`);
  }
  try {
    for (const [field, dn] of [
      ['usersBaseDn', config.usersBaseDn],
      ['groupsBaseDn', config.groupsBaseDn],
    ] as const) {
      if (!(await connection.read(dn, ANY_ENTRY, ['1.1'])))
        return {
          ok: false,
          status: 'misconfigured',
          detail: `${field} ${dn} does not exist, or ${config.bindDn} may not read it`,
        };
    }
    // Best effort: some directories hide the root DSE from ordinary accounts.
    const root = await connection
      .read('', ANY_ENTRY, ['supportedControl', 'vendorName', 'vendorVersion'])
      .catch(() => undefined);
    return checkPassed(
      `Bound as ${config.bindDn} on ${config.url} and read ${config.usersBaseDn} and ${config.groupsBaseDn}` +
        notes(config, root?.values('supportedControl')).join(''),
      {
        ...(root?.first('vendorName') && { vendor: root.first('vendorName')! }),
        ...(root?.first('vendorVersion') && { version: root.first('vendorVersion')! }),
        ...(root && {
          pagedResults: root.values('supportedControl').includes(PAGED_RESULTS_OID) ? 'yes' : 'no',
        }),
      },
    );
  } catch (error) {
    return checkFailed(error, 'LDAP check');
  } finally {
    await connection.close();
  }
}

/** What the admin should know although the check passed. */
function notes(config: LdapConfig, controls: string[] | undefined): string[] {
  const notes: string[] = [];
  if (config.url.startsWith('ldap:') && !config.startTls)
    notes.push('; the bind password travels unencrypted: use an ldaps:// url or startTls');
  if (!config.rejectUnauthorized)
    notes.push("; the directory's certificate is not verified (rejectUnauthorized off)");
  if (controls && !controls.includes(PAGED_RESULTS_OID))
    notes.push("; the directory does not page results, so the server's size limit caps each poll");
  return notes;
}
