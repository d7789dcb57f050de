import { ErrorCode, SwitchboardError, type FieldError } from '@switchboard/errors';

/** One bad environment variable: its name, the value as it may be shown, and what was expected. */
export interface InvalidVariable {
  readonly name: string;
  /** Quoted value, or a redacted form for sensitive variables. */
  readonly shown: string;
  readonly expected: string;
}

/**
 * Thrown by `loadConfig` when at least one variable is invalid. The message lists every bad
 * variable at once so an operator fixes them in one go, never one per restart.
 */
export class ConfigValidationError extends SwitchboardError {
  readonly variables: readonly InvalidVariable[];
  /** Unknown `SWITCHBOARD_*` variables: often the typo behind a missing value. */
  readonly warnings: readonly string[];

  constructor(variables: readonly InvalidVariable[], warnings: readonly string[] = []) {
    const lines = variables.map((v) => `  - ${v.name}: got ${v.shown}; expected ${v.expected}`);
    const count =
      variables.length === 1 ? '1 environment variable' : `${variables.length} environment variables`;
    const fieldErrors: FieldError[] = variables.map((v) => ({
      path: v.name,
      message: `got ${v.shown}; expected ${v.expected}`,
    }));
    const notes = warnings.map((warning) => `  - ${warning}`);
    super(
      ErrorCode.Validation,
      [
        `Invalid configuration: ${count} to fix before Switchboard can start:`,
        ...lines,
        ...(notes.length ? ['Also noticed:', ...notes] : []),
      ].join('\n'),
      { fieldErrors },
    );
    this.name = 'ConfigValidationError';
    this.variables = variables;
    this.warnings = warnings;
  }
}
