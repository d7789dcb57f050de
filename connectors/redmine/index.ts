// Redmine connector: issues and journals polled into ticket and comment events; tickets created,
// updated, commented, read and searched on command.
export { redmineConnector } from './redmine.connector';
export { RedmineConfig } from './redmine.config';
export type { IssuesCursor } from './issues.poll';
export { DEFAULT_PRIORITY_MAP, DEFAULT_STATUS_MAP, DEFAULT_TRACKER_KINDS } from './mapping/value-maps';
export { TEXT_FORMATTINGS, type TextFormatting } from './text/text-formatting';
