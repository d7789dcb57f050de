import {
  bindConnector,
  MemoryStateStore,
  pollPages,
  runAction,
  type ConnectorInstance,
  type ConnectorLogger,
} from '@switchboard/connector-sdk';
import type { CloudEvent } from '@switchboard/events';
import { ldapConnector, type DirectoryCursor, type LdapConfig } from '../../../../connectors/ldap';
import type { LdapTestServer } from '../../../support/ldap-test-server';

/** The config of an instance reading the test directory as hub-bind (plain ldap://). */
export function ldapConfig(
  server: LdapTestServer,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    url: server.url,
    bindDn: server.bindDn,
    usersBaseDn: `ou=people,${server.baseDn}`,
    groupsBaseDn: `ou=groups,${server.baseDn}`,
    ...overrides,
  };
}

/**
 * Binds LDAP instances the way the runtime does, each with its own abort signal; `stopAll()`
 * aborts them (closing their connections), as the runtime does when it unloads an instance.
 */
export class LdapInstances {
  readonly #controllers: AbortController[] = [];
  readonly logLines: string[] = [];

  constructor(private readonly server: () => LdapTestServer) {}

  bind(
    options: {
      config?: Record<string, unknown>;
      secrets?: Record<string, unknown>;
      instanceId?: string;
    } = {},
  ): ConnectorInstance<LdapConfig> {
    const abort = new AbortController();
    this.#controllers.push(abort);
    const bound = bindConnector(ldapConnector, {
      tenantId: 'acme',
      instanceId: options.instanceId ?? 'ldap-test',
      config: options.config ?? ldapConfig(this.server()),
      secrets: options.secrets ?? { bindPassword: this.server().bindPassword },
      state: new MemoryStateStore(),
      logger: this.logger(),
      signal: abort.signal,
    });
    if (!bound.ok) throw new Error(`config refused: ${JSON.stringify(bound.errors)}`);
    return bound.instance;
  }

  stopAll(): void {
    for (const controller of this.#controllers.splice(0)) controller.abort();
  }

  private logger(): ConnectorLogger {
    const line = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      void this.logLines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }
}

/** Runs a command through the engine (input validated, output checked) and returns its output. */
export async function act<TOutput>(
  instance: ConnectorInstance<LdapConfig>,
  action: string,
  input: Record<string, unknown>,
): Promise<TOutput> {
  const { output } = await runAction(instance, action, input, {
    idempotencyKey: `test-${action}`,
    commandId: `cmd-${action}`,
    attempt: 1,
  });
  return output as TOutput;
}

/** One poll run as the runtime sees it: every page's events and the cursor it ends with. */
export async function pollRun(
  instance: ConnectorInstance<LdapConfig>,
  cursor?: DirectoryCursor,
): Promise<{ events: CloudEvent[]; cursor: DirectoryCursor; pages: number }> {
  const events: CloudEvent[] = [];
  let last = cursor;
  let pages = 0;
  for await (const page of pollPages<LdapConfig, DirectoryCursor>(instance, cursor)) {
    events.push(...page.events);
    last = page.cursor;
    pages++;
  }
  return { events, cursor: last!, pages };
}
