import { ensure } from '../conformance-failure';
import type { CheckDeclarer } from './check-declaration';
import { checkedRun } from './check-hook.checks';

const MAX_REPORTED = 10;

/**
 * No secret, in any common spelling, in anything the connector let out during the whole run:
 * declared last, it reads the journal every other check filled, after running `check` with good
 * and bad credentials itself (so it proves something even when run alone).
 */
export const secretsChecks: CheckDeclarer = (harness) => [
  {
    id: 'secrets.never-revealed',
    title:
      'secrets: never appear in logs, results, errors or events of any check (as is, URL/JSON-encoded, base64, Basic user:password)',
    async run(scope) {
      // Failures here are about the other checks' outcome, not this one's: secrets only matter.
      await checkedRun(scope, scope.setup.secrets, 'the setup() secrets').catch(() => undefined);
      await checkedRun(scope, harness.badSecrets, 'badSecrets()').catch(() => undefined);

      const leaks = harness.journal.leaks(harness.spellings());
      ensure(leaks.length === 0, () => {
        // The same line logged on every call is one finding, counted.
        const findings = new Map<string, number>();
        for (const leak of leaks) {
          const line =
            `  - in "${leak.exposure.check}", ${leak.exposure.what}: ` +
            `${leak.spelling.field} ${leak.spelling.form}, …${leak.excerpt}…`;
          findings.set(line, (findings.get(line) ?? 0) + 1);
        }
        const lines = [...findings].map(([line, times]) => (times > 1 ? `${line} (×${times})` : line));
        const more = lines.length > MAX_REPORTED ? `\n  … and ${lines.length - MAX_REPORTED} more` : '';
        return (
          `The connector revealed secrets:\n${lines.slice(0, MAX_REPORTED).join('\n')}${more}\n` +
          'The platform redacts secret values it knows, not what a connector derives from them (encodings, ' +
          'Basic credentials): never log, return or emit credentials, whatever their form.'
        );
      });
    },
  },
];
