import { classJsonSchema, type JsonSchema } from '@switchboard/events';
import { commandType } from '../commands/connector-command';
import type { ConnectorHooks } from '../hooks/connector-hooks';
import { configJsonSchema } from './config-json-schema';
import type {
  ConnectorCategory,
  ConnectorManifest,
  OutboundAuthScheme,
  PaginationHint,
  PollManifest,
  RateLimitHint,
} from './connector-manifest';
import { secretFieldsOfManifest } from './secret.decorator';
import type { WebhookAuthScheme } from '../webhooks';

/** A command as the admin API shows it: its type and the JSON Schemas of its input and output. */
export interface CommandDocument {
  action: string;
  type: string;
  description: string;
  idempotent: boolean;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
}

/**
 * A connector type as the admin API serves it (`GET /api/v1/connector-types/:id`): the manifest
 * as JSON, with JSON Schemas for the config (secrets `writeOnly`) and every command.
 */
export interface ManifestDocument {
  id: string;
  version: string;
  category: ConnectorCategory;
  displayName: string;
  description: string;
  /** Hook-derived (`webhook`, `poll`, `register`, each command) plus declared capabilities. */
  capabilities: string[];
  auth: OutboundAuthScheme[];
  secretFields: string[];
  configSchema: JsonSchema;
  emits: string[];
  commands: CommandDocument[];
  webhook?: { auth: WebhookAuthScheme[]; contentTypes: string[]; maxBodyBytes: number };
  poll?: PollManifest;
  rateLimit?: RateLimitHint;
  pagination?: PaginationHint;
}

export const DEFAULT_WEBHOOK_CONTENT_TYPES = ['application/json'];
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** The JSON document of a manifest; pure: builds schemas from the classes, runs no connector code. */
export function manifestDocument(
  manifest: ConnectorManifest,
  hooks?: ConnectorHooks<object, unknown>,
): ManifestDocument {
  const secretFields = secretFieldsOfManifest(manifest);
  const commands = Object.entries(manifest.commands ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, command]) => ({
      action,
      type: commandType(action),
      description: command.description,
      idempotent: command.idempotent,
      inputSchema: classJsonSchema(command.input),
      outputSchema: classJsonSchema(command.output),
    }));
  const derived = [
    ...(manifest.webhook ? ['webhook'] : []),
    ...(manifest.poll ? ['poll'] : []),
    ...(hooks?.register ? ['register'] : []),
    ...commands.map((command) => command.action),
  ];
  return {
    id: manifest.id,
    version: manifest.version,
    category: manifest.category,
    displayName: manifest.displayName,
    description: manifest.description,
    capabilities: [...new Set([...derived, ...(manifest.capabilities ?? [])])],
    auth: [...manifest.auth],
    secretFields,
    configSchema: configJsonSchema(manifest.configClass, secretFields),
    emits: [...manifest.emits],
    commands,
    ...(manifest.webhook
      ? {
          webhook: {
            auth: [...manifest.webhook.auth],
            contentTypes: [...(manifest.webhook.contentTypes ?? DEFAULT_WEBHOOK_CONTENT_TYPES)],
            maxBodyBytes: manifest.webhook.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES,
          },
        }
      : {}),
    ...(manifest.poll ? { poll: { ...manifest.poll } } : {}),
    ...(manifest.rateLimit ? { rateLimit: { ...manifest.rateLimit } } : {}),
    ...(manifest.pagination ? { pagination: { ...manifest.pagination } } : {}),
  };
}
