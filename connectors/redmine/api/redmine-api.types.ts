// The parts of Redmine's REST API (5.0) the connector reads and writes, as the readers in
// redmine-payloads.ts check them. Timestamps are ISO 8601 UTC with whole seconds
// (`2026-11-22T04:54:35Z`); ids are integers; journal detail values are strings or null.
// Shapes checked against the captures in fixtures/api/.

/** `{ id, name }`: how Redmine refers to a project, tracker, status, priority or user. */
export interface RedmineRef {
  id: number;
  name: string;
}

export interface RedmineStatusRef extends RedmineRef {
  /** Present on issues since Redmine 5.0. */
  is_closed?: boolean;
}

/** A custom field value on an issue: a string, or a list for multi-value fields. */
export interface RedmineCustomFieldValue {
  id: number;
  name: string;
  value: string | string[] | null;
}

/**
 * One change inside a journal. `property` `attr` (a standard field, `name` = `status_id`,
 * `subject`…), `cf` (a custom field, `name` = its id), `attachment`, `relation`.
 */
export interface RedmineJournalDetail {
  property: string;
  name: string;
  old_value: string | null;
  new_value: string | null;
}

/** A journal: the notes and field changes one user made in one save. */
export interface RedmineJournal {
  id: number;
  user: RedmineRef;
  notes: string;
  created_on: string;
  private_notes: boolean;
  details: RedmineJournalDetail[];
}

/** `GET /issues/N.json[?include=journals]`, and an item of `GET /issues.json`. */
export interface RedmineIssue {
  id: number;
  project: RedmineRef;
  tracker: RedmineRef;
  status: RedmineStatusRef;
  priority: RedmineRef;
  author: RedmineRef;
  /** A user, or a group when group assignment is enabled. */
  assigned_to?: RedmineRef;
  subject: string;
  description: string;
  custom_fields: RedmineCustomFieldValue[];
  created_on: string;
  updated_on: string;
  closed_on: string | null;
  /** Only with `include=journals`, oldest first. */
  journals?: RedmineJournal[];
}

/** `GET /issues.json`. */
export interface RedmineIssueList {
  issues: RedmineIssue[];
  total_count: number;
  offset: number;
  limit: number;
}

/** `GET /issue_statuses.json` item. */
export interface RedmineStatus extends RedmineRef {
  is_closed: boolean;
}

/** `GET /users/current.json` (and `/users/N.json`, without api_key). */
export interface RedmineUser {
  id: number;
  login?: string;
  firstname: string;
  lastname: string;
}

/** `GET /projects/P/memberships.json` item: a user or a group with roles in the project. */
export interface RedmineMembership {
  user?: RedmineRef;
  group?: RedmineRef;
}

/** `PUT /issues/N.json` and `POST /issues.json` body (`{ issue: … }`). */
export interface RedmineIssueWrite {
  project_id?: string | number;
  tracker_id?: number;
  status_id?: number;
  priority_id?: number;
  assigned_to_id?: number | '';
  subject?: string;
  description?: string;
  custom_fields?: { id: number; value: string | string[] }[];
  notes?: string;
  private_notes?: boolean;
}
