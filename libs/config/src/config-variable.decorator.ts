import 'reflect-metadata';

/** Where a variable belongs; groups the README table and the startup summary. */
export type ConfigVariableGroup = 'http' | 'storage' | 'bus' | 'security' | 'logging' | 'lifecycle';

/** What the hub knows about one environment variable, besides its validators. */
export interface ConfigVariableMetadata {
  /** The environment variable, e.g. `SWITCHBOARD_PORT`. */
  readonly name: string;
  /** One sentence for operators: what it changes. */
  readonly description: string;
  /** Raw default applied when the variable is unset or empty; absent = optional, no default. */
  readonly default?: string;
  /** What a valid value looks like; shown verbatim in the start-up error. */
  readonly expected: string;
  /**
   * Secret (keys) or may carry credentials (URLs). Sensitive values never appear in errors,
   * logs or `toJSON()`: keys are replaced entirely, URLs keep everything but the password.
   */
  readonly sensitive: boolean;
  /** Lower-case the raw value before validation (enumerations such as `LOG_LEVEL=INFO`). */
  readonly caseInsensitive: boolean;
  readonly group: ConfigVariableGroup;
}

export type ConfigVariableOptions = Omit<ConfigVariableMetadata, 'name' | 'sensitive' | 'caseInsensitive'> &
  Partial<Pick<ConfigVariableMetadata, 'sensitive' | 'caseInsensitive'>>;

const CONFIG_VARIABLES = Symbol('switchboard:config-variables');

/**
 * Declares a property of an environment class as a documented variable. The property name is the
 * variable name, so the class reads like the list of variables an operator can set.
 */
export function ConfigVariable(options: ConfigVariableOptions): PropertyDecorator {
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new TypeError('ConfigVariable needs a string property name');
    const existing: ConfigVariableMetadata[] =
      Reflect.getOwnMetadata(CONFIG_VARIABLES, target.constructor) ?? [];
    const entry: ConfigVariableMetadata = {
      sensitive: false,
      caseInsensitive: false,
      ...options,
      name: propertyKey,
    };
    Reflect.defineMetadata(CONFIG_VARIABLES, [...existing, entry], target.constructor);
  };
}

/** The documented variables of an environment class, in declaration order. */
export function getConfigVariables(target: abstract new () => object): readonly ConfigVariableMetadata[] {
  return Reflect.getOwnMetadata(CONFIG_VARIABLES, target) ?? [];
}
