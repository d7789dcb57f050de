// What the connector reads from Jira Cloud REST v3 and webhooks. Every field is optional: a
// response is read defensively (see jira-json.ts), and what is missing is reported, not assumed.

/** A user (`accountId` is the stable id on Jira Cloud; `name`/`key` are legacy and usually empty). */
export interface JiraUser {
  accountId?: string;
  displayName?: string;
  emailAddress?: string;
  name?: string;
  active?: boolean;
  timeZone?: string;
}

export interface JiraStatusCategory {
  id?: number;
  /** `new`, `indeterminate`, `done` (and `undefined` for a broken workflow). */
  key?: string;
  name?: string;
}

export interface JiraStatus {
  id?: string;
  name?: string;
  statusCategory?: JiraStatusCategory;
}

/** `GET /rest/api/3/issue/{key}`, a search result, or the `issue` of a webhook. */
export interface JiraIssue {
  id?: string;
  key?: string;
  self?: string;
  fields?: Record<string, unknown>;
}

/** One transition of `GET /rest/api/3/issue/{key}/transitions`. */
export interface JiraTransition {
  id?: string;
  name?: string;
  to?: JiraStatus;
  isGlobal?: boolean;
  fields?: Record<
    string,
    { required?: boolean; hasDefaultValue?: boolean; allowedValues?: { id?: string; name?: string }[] }
  >;
}

export interface JiraComment {
  id?: string;
  self?: string;
  author?: JiraUser;
  updateAuthor?: JiraUser;
  /** ADF on REST v3; wiki markup text in webhooks (v2 shape). */
  body?: unknown;
  created?: string;
  updated?: string;
  /** A restricted comment: only that role or group sees it. */
  visibility?: { type?: string; value?: string; identifier?: string | null };
  /** JSM: false for an internal note. */
  jsdPublic?: boolean;
}

/** One changed field of a changelog (`jira:issue_updated`). */
export interface JiraChangelogItem {
  field?: string;
  fieldId?: string;
  fieldtype?: string;
  from?: string | null;
  fromString?: string | null;
  to?: string | null;
  toString?: string | null;
}
