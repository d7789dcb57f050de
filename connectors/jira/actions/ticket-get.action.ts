import {
  SwitchboardError,
  type ActionHandler,
  type TicketGetInput,
  type TicketGetOutput,
} from '@switchboard/connector-sdk';
import type { JiraConfig } from '../jira.config';
import { ticketFromIssue } from '../mapping/issue.mapper';
import { mappingContext } from '../mapping/mapping-context';
import { readIssue } from './issue-reader';

/** `ticket.get`: the issue with all its fields, as a canonical ticket (custom fields included). */
export const getTicket: ActionHandler<JiraConfig, TicketGetInput, TicketGetOutput> = async (ctx, input) => {
  const { data } = await readIssue(ctx, input.ticketId);
  const ticket = ticketFromIssue(data, mappingContext(ctx), (problem) =>
    SwitchboardError.permanent(`GET /rest/api/3/issue/${input.ticketId} answered with ${problem}`),
  );
  return { ticket };
};
