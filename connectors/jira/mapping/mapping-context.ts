import type { ConnectorContext } from '@switchboard/connector-sdk';
import type { ExternalRef } from '@switchboard/events';
import type { JiraConfig } from '../jira.config';
import { valueMaps, type JiraValueMaps } from './value-maps';

/** The connector type: the namespace of custom fields and the system of external refs. */
export const JIRA_ID = 'jira';

/** What mappers need of an instance. */
export interface MappingContext {
  maps: JiraValueMaps;
  instanceId: string;
  /** Site URL for people, without a trailing slash. */
  browseUrl: string;
}

export function mappingContext(
  ctx: Pick<ConnectorContext<JiraConfig>, 'config' | 'instanceId'>,
): MappingContext {
  return {
    maps: valueMaps(ctx.config),
    instanceId: ctx.instanceId,
    browseUrl: (ctx.config.browseUrl ?? ctx.config.baseUrl).replace(/\/+$/, ''),
  };
}

/** Where the issue lives, for `externalRefs` and command outputs. */
export function issueRef(mapping: MappingContext, key: string): ExternalRef {
  return {
    system: JIRA_ID,
    instanceId: mapping.instanceId,
    id: key,
    url: `${mapping.browseUrl}/browse/${encodeURIComponent(key)}`,
  };
}
