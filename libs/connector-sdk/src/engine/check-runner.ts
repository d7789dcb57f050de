import { checkFailed } from '../hooks/check-result';
import type { CheckResult } from '../hooks/connector-hooks';
import type { ConnectorInstance } from './connector-instance';

/** Runs `check`, turning a throw into a failed result; the detail is redacted of this instance's secrets. */
export async function runCheck<TConfig extends object>(
  instance: ConnectorInstance<TConfig>,
): Promise<CheckResult> {
  let result: CheckResult;
  try {
    result = await instance.definition.hooks.check(instance.context);
  } catch (error) {
    result = checkFailed(error);
  }
  return { ...result, detail: instance.redactor.redactString(result.detail) };
}
