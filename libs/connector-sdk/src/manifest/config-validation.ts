import type { FieldError } from '@switchboard/errors';
import type { ConnectorManifest } from './connector-manifest';
import { secretFieldsOfManifest } from './secret.decorator';
import { isPlainObject, joinPath, validateAgainstClass, type PlainObject } from './schema-validation';

/**
 * Checks an instance's `config` and `secrets` against its type's config class. Returns one
 * path-qualified error per faulty field (`config.baseUrl: must be a URL`), empty when valid.
 * Secret fields belong in `secrets` and only there; unknown fields are errors, never dropped.
 * Error messages never contain the offending value.
 */
export function validateConnectorConfig(
  manifest: Pick<ConnectorManifest, 'id' | 'configClass' | 'secretFields'>,
  config: unknown,
  secrets: unknown = {},
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPlainObject(config)) errors.push({ path: 'config', message: 'must be an object' });
  if (!isPlainObject(secrets)) errors.push({ path: 'secrets', message: 'must be an object' });
  if (errors.length > 0) return errors;

  const secretFields = new Set(secretFieldsOfManifest(manifest));
  const merged: PlainObject = {};
  for (const [key, value] of Object.entries(config as PlainObject)) {
    if (secretFields.has(key))
      errors.push({ path: joinPath('config', key), message: 'is a secret: send it in secrets' });
    else merged[key] = value;
  }
  for (const [key, value] of Object.entries(secrets as PlainObject)) {
    if (!secretFields.has(key))
      errors.push({ path: joinPath('secrets', key), message: `is not a secret field of ${manifest.id}` });
    else merged[key] = value;
  }
  const result = validateAgainstClass(manifest.configClass, merged, (property) =>
    secretFields.has(property) ? 'secrets' : 'config',
  );
  if (!result.ok) errors.push(...result.errors);
  return errors;
}

/**
 * The instance's config object as hooks see it: config and secrets merged, validated, and an
 * instance of the config class. Throws a `validation` error listing every faulty field.
 */
export function resolveConnectorConfig<TConfig extends object>(
  manifest: ConnectorManifest<TConfig>,
  config: Record<string, unknown>,
  secrets: Record<string, unknown>,
): { ok: true; config: TConfig } | { ok: false; errors: FieldError[] } {
  const errors = validateConnectorConfig(manifest, config, secrets);
  if (errors.length > 0) return { ok: false, errors };
  const result = validateAgainstClass(manifest.configClass, { ...config, ...secrets }, () => 'config');
  return result.ok ? { ok: true, config: result.value } : { ok: false, errors: result.errors };
}
