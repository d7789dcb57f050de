import {
  idempotentCreate,
  type ActionHandler,
  type TicketCreateInput,
  type TicketCreateOutput,
} from '@switchboard/connector-sdk';
import { historyMetadata } from '../api/history-metadata';
import { expectRecord, malformedResponse, text } from '../api/jira-json';
import { JiraPaths } from '../api/jira-paths';
import type { JiraConfig } from '../jira.config';
import { issueRef, mappingContext } from '../mapping/mapping-context';
import { findIssueByMarker, markerLabel } from './creation-marker';
import { issueFields } from './issue-fields.builder';
import { readIssue } from './issue-reader';
import { reachStatus } from './status-transition';

/**
 * `ticket.create`: at most one issue per idempotency key. The issue carries the key's marker (a
 * label, and always the entity property) and is searched for with JQL before creating, so a retry
 * after a lost answer finds it. An initial status is then reached through the workflow, on the
 * first run and on a retry alike (a no-op once there).
 */
export const createTicket: ActionHandler<JiraConfig, TicketCreateInput, TicketCreateOutput> = async (
  ctx,
  input,
  meta,
) => {
  const mapping = mappingContext(ctx);
  const project = input.project ?? ctx.config.projectKey;
  // Everything that can be refused is refused before anything is written.
  const fields = await issueFields(ctx, input);
  const { result, created } = await idempotentCreate(ctx, {
    key: meta.idempotencyKey,
    command: meta,
    find: async (marker) => {
      const key = await findIssueByMarker(ctx, marker);
      return key === undefined ? undefined : { key };
    },
    create: async (marker) => {
      const labels = [
        ...(input.labels ?? []),
        ...(ctx.config.marker === 'label' ? [markerLabel(ctx.config, marker)] : []),
      ];
      const call = `POST ${JiraPaths.createIssue}`;
      const { data } = await ctx.http.post<unknown>(
        JiraPaths.createIssue,
        {
          fields: {
            ...fields,
            summary: input.title,
            project: { key: project },
            issuetype: { name: mapping.maps.issueTypeName(input.kind ?? 'task') },
            ...(labels.length > 0 && { labels }),
          },
          properties: [
            {
              key: ctx.config.entityPropertyKey,
              value: {
                marker,
                instanceId: ctx.instanceId,
                idempotencyKey: meta.idempotencyKey,
                ...(input.alertRefs && { alertRefs: input.alertRefs }),
              },
            },
          ],
          historyMetadata: historyMetadata(meta.idempotencyKey),
        },
        { signal: ctx.signal },
      );
      const key = text(expectRecord(call, data).key);
      if (!key) throw malformedResponse(call, 'no issue key', data);
      return { key };
    },
  });
  if (input.status) {
    const { snapshot } = await readIssue(ctx, result.key, ['status', 'project', 'issuetype']);
    await reachStatus(ctx, {
      issueKey: result.key,
      current: snapshot.status,
      workflow: snapshot.workflow,
      target: input.status,
      changeId: meta.idempotencyKey,
    });
  }
  ctx.logger.info('Jira issue ready', { key: result.key, created, idempotencyKey: meta.idempotencyKey });
  return { ticket: issueRef(mapping, result.key), created };
};
