import { validateAgainstClass, type ConnectorManifest } from '@switchboard/connector-sdk';
import { getEventTypeDefinition, isCommandType } from '@switchboard/events';
import type { FieldError } from '@switchboard/errors';
import { MappingCompiler, mappingCatalog, type MappingCatalog } from '@switchboard/mapping';
import { RUN_CONTEXT_SHAPE, RunContextShape } from '../context/run-context';
import { conditionError } from '../expressions/condition';
import { FlowDefinition, type StepDefinition } from './flow-definition';

/** A connector instance a step names, as the validator needs it. */
export interface ResolvedInstance {
  id: string;
  name: string;
  connectorType: string;
  manifest: ConnectorManifest | undefined;
}

/** What validation needs from outside: the tenant's instances (by id or name). */
export interface FlowValidationContext {
  instance(ref: string): ResolvedInstance | undefined;
}

const FIELDS_BY_KIND: Record<StepDefinition['kind'], readonly string[]> = {
  enrich: ['instance', 'action', 'input', 'as', 'onError', 'retry'],
  act: ['instance', 'action', 'input', 'as', 'onError', 'retry', 'link'],
  decide: ['rules', 'default'],
  approve: ['summary', 'ttl', 'onExpiry'],
};
const COMMON_FIELDS = ['id', 'kind', 'when'];

/**
 * Every problem of a flow definition, path-qualified, empty when it is valid: the shape, trigger
 * event types, conditions (JSONata that does not parse), step ids and output names, fields a step
 * kind does not take, instances and actions (the instance exists in the tenant and its connector
 * accepts the command), and each step's input mapping against the run context and the command's
 * input schema (unknown fields, value-map gaps, required fields never set…).
 */
export function validateFlow(
  input: unknown,
  context: FlowValidationContext,
  catalog: MappingCatalog = mappingCatalog,
): FieldError[] {
  const checked = validateAgainstClass(FlowDefinition, input, () => '');
  if (!checked.ok) return checked.errors;
  const flow = checked.value;
  const errors: FieldError[] = [];
  const problem = (path: string, message: string) => errors.push({ path, message });

  flow.trigger.events.forEach((type, i) => {
    if (isCommandType(type)) problem(`trigger.events[${i}]`, `${type} is a command, not an event`);
    else if (!getEventTypeDefinition(type))
      problem(`trigger.events[${i}]`, `${type} is not a registered event type`);
  });
  if (flow.trigger.when !== undefined) {
    const message = conditionError(flow.trigger.when);
    if (message) problem('trigger.when', message);
  }

  catalog.registerShape(RUN_CONTEXT_SHAPE, RunContextShape);
  const compiler = new MappingCompiler({ catalog });
  const ids = new Set<string>();
  const outputs = new Set<string>();
  flow.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if (ids.has(step.id)) problem(`${at}.id`, `${step.id} is used by an earlier step`);
    ids.add(step.id);
    const allowed = new Set([...COMMON_FIELDS, ...FIELDS_BY_KIND[step.kind]]);
    for (const [field, value] of Object.entries(step))
      if (value !== undefined && !allowed.has(field))
        problem(`${at}.${field}`, `is not a field of ${step.kind} steps`);
    if (step.when !== undefined) {
      const message = conditionError(step.when);
      if (message) problem(`${at}.when`, message);
    }

    if (step.kind === 'decide') {
      if (!step.default) problem(`${at}.default`, 'is required: the outcome when no rule holds');
      step.rules?.forEach((rule, r) => {
        const message = conditionError(rule.when);
        if (message) problem(`${at}.rules[${r}].when`, message);
      });
      return;
    }
    if (step.kind === 'approve') return;

    // enrich and act: a command to an instance.
    const output = step.as ?? step.id;
    if (outputs.has(output)) problem(`${at}.as`, `steps.${output} is written by an earlier step`);
    outputs.add(output);
    if (!step.instance) problem(`${at}.instance`, 'is required');
    if (!step.action) problem(`${at}.action`, 'is required');
    if (!step.input) problem(`${at}.input`, 'is required (the command input, as mapping rules)');
    if (!step.instance || !step.action) return;
    const instance = context.instance(step.instance);
    if (!instance) {
      problem(`${at}.instance`, `no connector instance ${step.instance} in this tenant`);
      return;
    }
    const command = instance.manifest?.commands?.[step.action];
    if (!instance.manifest)
      problem(`${at}.instance`, `connector type ${instance.connectorType} is not installed`);
    else if (!command)
      problem(
        `${at}.action`,
        `${instance.connectorType} does not accept ${step.action} (it accepts ${Object.keys(instance.manifest.commands ?? {}).join(', ') || 'no commands'})`,
      );
    if (step.link === 'incident-ticket' && step.kind !== 'act')
      problem(`${at}.link`, 'only act steps link tickets');
    if (!command || !step.input) return;
    catalog.registerCommand(step.action, command.input);
    const mappingErrors = compiler.validate({
      name: `${flow.name}.${step.id}`,
      source: { shape: RUN_CONTEXT_SHAPE },
      target: { command: step.action },
      fields: step.input,
    });
    for (const error of mappingErrors)
      problem(
        `${at}.input${error.path.startsWith('fields') ? error.path.slice('fields'.length) : `.${error.path}`}`,
        error.message,
      );
  });
  return errors;
}
