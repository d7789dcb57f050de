import { runCheck, type CheckResult } from '@switchboard/connector-sdk';
import { ensure, show } from '../conformance-failure';
import type { CheckScope } from '../harness/conformance-harness';
import type { CheckDeclarer } from './check-declaration';

/**
 * Runs `check` the way the admin API's "test connection" does (through the engine, which
 * redacts the detail) and records the result. Throws if the hook itself threw: `check` reports
 * through its result, a throw would surface as an opaque "unreachable".
 */
export async function checkedRun(
  scope: CheckScope,
  secrets: Record<string, unknown>,
  label: string,
): Promise<CheckResult> {
  const instance = scope.bind({ secrets });
  const before = scope.checkThrows.length;
  const result = await runCheck(instance);
  scope.record('result', `check result (${label})`, result);
  const thrown = scope.checkThrows[before];
  if (thrown !== undefined) scope.record('error', `error thrown by check (${label})`, thrown);
  ensure(
    thrown === undefined,
    () =>
      `check threw with ${label} instead of resolving with a failed result: ${show(thrown)}. ` +
      'Catch the error and return checkFailed(error, …): it maps auth, rate-limit and network errors to a status.',
  );
  return result;
}

/** `check` passes with the setup config and fails cleanly, as `auth_failed`, with wrong credentials. */
export const checkHookChecks: CheckDeclarer = (harness) => [
  {
    id: 'check.passes',
    title: 'check: passes with the config from setup()',
    async run(scope) {
      const result = await checkedRun(scope, scope.setup.secrets, 'the setup() secrets');
      ensure(
        result.ok && result.status === 'ok',
        () => `check failed with a working config: status ${result.status}, detail "${result.detail}"`,
      );
      ensure(result.detail.trim() !== '', 'check passed with an empty detail: say what the tool answered');
    },
  },
  {
    id: 'check.bad-credentials',
    title: 'check: resolves with ok false and status auth_failed for bad credentials (never throws)',
    async run(scope) {
      const result = await checkedRun(scope, harness.badSecrets, 'badSecrets()');
      ensure(!result.ok, () => `check passed with badSecrets(): status ${result.status}, "${result.detail}"`);
      ensure(
        result.status === 'auth_failed',
        () =>
          `check reported ${result.status} for bad credentials ("${result.detail}"); expected auth_failed, ` +
          'so admins know to fix the credentials rather than the network. checkFailed(error) maps a 401/403 ' +
          'ConnectorHttpError (code auth) to auth_failed.',
      );
    },
  },
];
