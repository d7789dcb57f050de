import { IsPresent, IsText, IsTextMatching, OptionalField } from './validation.decorators';

// Sub-shapes shared by several data schemas. One definition each, so a reference to another
// system's record or a person looks the same in an alert, a ticket, a comment and a change.

/** Connector type names (`jira`, `servicenow`, `prometheus-alertmanager`). */
export const SYSTEM_NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;
const SYSTEM_EXPECTED = 'be a connector type: lower-case letters, digits, "-" or "_"';

/** An absolute URI (`https://…`, `mailto:…`, `urn:…`). */
export const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const URI_EXPECTED = 'be an absolute URI';

/** An e-mail address (deliberately loose: the origin system already accepted it). */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/**
 * Where the same record lives in another tool: the ticket `PROJ-12` in the Jira instance
 * `jira-prod`, the incident `INC0010001` in ServiceNow.
 */
export class ExternalRef {
  /** Connector type, e.g. `jira`. */
  @IsTextMatching(SYSTEM_NAME_PATTERN, SYSTEM_EXPECTED)
  system!: string;

  /** Connector instance id, when the hub has several instances of the same system. */
  @OptionalField()
  @IsText()
  instanceId?: string;

  /** The record's key in that system (`PROJ-12`, a sys_id, a numeric id). */
  @IsText()
  id!: string;

  /** Where a human opens it. */
  @OptionalField()
  @IsTextMatching(URI_PATTERN, URI_EXPECTED)
  url?: string;
}

/** A hyperlink shown with an alert or a ticket (runbook, dashboard, graph). */
export class Link {
  @IsTextMatching(URI_PATTERN, URI_EXPECTED)
  href!: string;

  @OptionalField()
  @IsText()
  title?: string;

  /** Free-form role of the link, e.g. `runbook`, `dashboard`, `graph`. */
  @OptionalField()
  @IsText()
  kind?: string;
}

/**
 * A person as far as the origin system knows them. Carry whatever is known (at least one
 * property); the identity domain (iam.user) maps it to one person across tools.
 */
export class PersonRef {
  /** The person's id in the origin system (or the hub's canonical user id). */
  @OptionalField()
  @IsText()
  id?: string;

  @OptionalField()
  @IsText()
  userName?: string;

  @OptionalField()
  @IsTextMatching(EMAIL_PATTERN, 'be an e-mail address')
  email?: string;

  @OptionalField()
  @IsText()
  displayName?: string;
}

/** The text completing "must …" when a {@link PersonRef} is empty. */
export const PERSON_REF_REQUIRED = 'name the person: at least one of id, userName, email, displayName';

/** An alert a ticket or incident refers to. */
export class AlertRef {
  /** The alert's dedupKey (also the subject of its events). */
  @IsText()
  dedupKey!: string;

  /** The episode of that alert, when a specific occurrence is meant. */
  @OptionalField()
  @IsText()
  episodeId?: string;
}

/**
 * What an alert is about or a remediation acts on. At least one property is expected where the
 * reference is required (see the owning schema).
 */
export class ResourceRef {
  @OptionalField()
  @IsText()
  host?: string;

  @OptionalField()
  @IsText()
  service?: string;

  /** Canonical key of the configuration item (subject of its `cmdb.ci` events). */
  @OptionalField()
  @IsText()
  ciRef?: string;

  /** Canonical key of the cloud resource (subject of its `cloud.resource` events). */
  @OptionalField()
  @IsText()
  cloudResourceRef?: string;
}

/** The text completing "must …" when a {@link ResourceRef} is empty. */
export const RESOURCE_REF_REQUIRED =
  'name the resource: at least one of host, service, ciRef, cloudResourceRef';

/** Field paths of a change: `status`, `assignee`, `customFields.jira.customfield_10010`, `labels[0]`. */
export const FIELD_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_:-]+|\[[0-9]+\])*$/;

/** One changed field with its value before and after (`null` when there was none). */
export class FieldChange {
  @IsTextMatching(FIELD_PATH_PATTERN, 'be a field path such as status or customFields.jira.customfield_10010')
  path!: string;

  @IsPresent()
  old!: unknown;

  @IsPresent()
  new!: unknown;
}
