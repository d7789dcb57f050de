import { Secret } from '@switchboard/connector-sdk';
import { ALERT_SEVERITIES, OptionalField, type AlertSeverity } from '@switchboard/events';
import { IsArray, IsBoolean, IsIn, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsSeverityMap, NotTogetherWith, SetTogetherWith } from './config-rules';

/** Prometheus label names. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/**
 * Configuration of an Alertmanager instance. Only `baseUrl` is required; a field with an initializer
 * defaults to it. Secrets (`@Secret()`) are set through the admin API's `secrets` and never returned.
 */
export class AlertmanagerConfig {
  @JSONSchema({
    description:
      'Alertmanager root URL as the hub reaches it, e.g. http://alertmanager:9093 (the API is under /api/v2). Used by check, poll and the silence commands.',
  })
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  baseUrl!: string;

  @JSONSchema({ description: 'Username for a proxy in front of the Alertmanager API (basic auth).' })
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @SetTogetherWith('apiPassword')
  apiUsername?: string;

  @JSONSchema({ description: 'Password for apiUsername.' })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @SetTogetherWith('apiUsername')
  apiPassword?: string;

  @JSONSchema({ description: 'Bearer token for a proxy in front of the Alertmanager API.' })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @NotTogetherWith('apiUsername')
  apiToken?: string;

  @JSONSchema({ description: 'Username Alertmanager sends (receiver http_config.basic_auth.username).' })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @SetTogetherWith('webhookPassword')
  webhookUsername?: string;

  @JSONSchema({ description: 'Password Alertmanager sends (receiver http_config.basic_auth.password).' })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @SetTogetherWith('webhookUsername')
  webhookPassword?: string;

  @JSONSchema({
    description: 'Bearer token Alertmanager sends (receiver http_config.authorization.credentials).',
  })
  @Secret()
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  webhookToken?: string;

  @JSONSchema({ description: 'Label carrying the severity.', default: 'severity' })
  @OptionalField()
  @IsString()
  @Matches(LABEL_NAME, { message: 'must be a Prometheus label name' })
  severityLabel: string = 'severity';

  // A function replaces the generated schema, which cannot describe a map (it would $ref "Object").
  @JSONSchema(() => ({
    type: 'object',
    description:
      'Native severity value → canonical severity (critical, high, medium, low, info), merged over the built-in map of Prometheus conventions; keys are case-insensitive.',
    additionalProperties: { type: 'string', enum: [...ALERT_SEVERITIES] },
    examples: [{ sev1: 'critical', warning: 'low' }],
  }))
  @OptionalField()
  @IsSeverityMap()
  severityMap?: Record<string, AlertSeverity>;

  @JSONSchema({
    description: 'Severity when the label is missing or its value is not mapped.',
    default: 'medium',
  })
  @OptionalField()
  @IsIn(ALERT_SEVERITIES, { message: `must be one of ${ALERT_SEVERITIES.join(', ')}` })
  defaultSeverity: AlertSeverity = 'medium';

  @JSONSchema({ description: 'Labels naming the host, first present wins.', default: ['instance'] })
  @OptionalField()
  @IsArray()
  @Matches(LABEL_NAME, { each: true, message: 'each value must be a Prometheus label name' })
  hostLabels: string[] = ['instance'];

  @JSONSchema({ description: 'Labels naming the service, first present wins.', default: ['service', 'job'] })
  @OptionalField()
  @IsArray()
  @Matches(LABEL_NAME, { each: true, message: 'each value must be a Prometheus label name' })
  serviceLabels: string[] = ['service', 'job'];

  @JSONSchema({
    description: 'Drop the :port of an instance label (db01:9100 → db01) to get the host.',
    default: true,
  })
  @OptionalField()
  @IsBoolean()
  hostWithoutPort: boolean = true;

  @JSONSchema({
    description:
      "Alertmanager URL for people (links in events), when it differs from the payload's externalURL (Alertmanager's --web.external-url) or from baseUrl.",
  })
  @OptionalField()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  externalUrl?: string;

  @JSONSchema({
    description:
      "Poll only alerts routed to receivers matching this regular expression (the API's receiver filter): name the receiver that sends webhooks to the hub, so the poll sees what the webhook sees.",
  })
  @OptionalField()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  pollReceiver?: string;
}
