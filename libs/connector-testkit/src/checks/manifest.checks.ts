import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { manifestDocument, manifestProblems, type ConnectorHooks } from '@switchboard/connector-sdk';
import { ensure } from '../conformance-failure';
import type { CheckDeclarer } from './check-declaration';

/** The manifest is valid, and the JSON Schemas the admin API publishes from it compile. */
export const manifestChecks: CheckDeclarer = (harness) => [
  {
    id: 'manifest.valid',
    title: 'manifest: is valid and agrees with the hooks',
    async run() {
      const problems = manifestProblems(harness.manifest, harness.connector.hooks as ConnectorHooks<object>);
      ensure(
        problems.length === 0,
        () => `The manifest has problems:\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`,
      );
    },
  },
  {
    id: 'manifest.schemas',
    title: 'manifest: its config and command JSON Schemas compile (2020-12) and accept the setup() config',
    async run(scope) {
      const document = manifestDocument(harness.manifest, harness.connector.hooks as ConnectorHooks<object>);
      // Strict, as a form renderer or an API gateway would be: an unknown keyword is a bug.
      const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
      addFormats(ajv);
      const schemas: [string, Record<string, unknown>][] = [
        ['configSchema', document.configSchema],
        ...document.commands.flatMap((command): [string, Record<string, unknown>][] => [
          [`commands.${command.action}.inputSchema`, command.inputSchema],
          [`commands.${command.action}.outputSchema`, command.outputSchema],
        ]),
      ];
      const problems: string[] = [];
      for (const [name, schema] of schemas) {
        try {
          ajv.compile(schema);
        } catch (error) {
          problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      ensure(problems.length === 0, () => `Schemas that do not compile:\n  - ${problems.join('\n  - ')}`);

      // The admin API renders and checks forms with this schema: a config the connector accepts
      // must satisfy it, or admins could never save one.
      const validate = ajv.compile(document.configSchema);
      const merged = { ...scope.setup.config, ...scope.setup.secrets };
      ensure(
        validate(merged),
        () =>
          `The config from setup() is refused by the published config schema: ${(validate.errors ?? [])
            .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
            .join('; ')}`,
      );
    },
  },
];
