// Jira Cloud connector: issues and comments in (webhooks), tickets out (REST API v3).
export { jiraConnector } from './jira.connector';
export { JiraConfig, INTERNAL_COMMENT_MODES, MARKER_STRATEGIES } from './jira.config';
export type { InternalCommentMode, MarkerStrategy } from './jira.config';
export { adfToMarkdown } from './adf/adf-to-markdown.converter';
export { markdownToAdf } from './adf/markdown-to-adf.converter';
export type { AdfDocument, AdfMark, AdfNode } from './adf/adf.types';
export { DEFAULT_ISSUE_TYPES, DEFAULT_PRIORITY_NAMES, DEFAULT_STATUS_NAMES } from './mapping/value-maps';
