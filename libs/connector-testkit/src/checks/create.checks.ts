import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  MemoryStateStore,
  runAction,
  type ActionOutcome,
  type CommandMeta,
  type ConnectorInstance,
} from '@switchboard/connector-sdk';
import { ConformanceFailure, ensure, show } from '../conformance-failure';
import type { CreateConformance } from '../conformance-options';
import type { CheckScope, ConformanceHarness } from '../harness/conformance-harness';
import type { CheckDeclarer } from './check-declaration';

/**
 * Creates are idempotent under retry: the same idempotency key twice, and again after the
 * recorded result was lost (the vendor created the thing, the answer never arrived), leave one
 * thing at the vendor and give the same output each time.
 */
export const createChecks: CheckDeclarer = (harness) => {
  const commands = harness.manifest.commands ?? {};
  const creates = Object.keys(commands).filter((action) => !commands[action]!.idempotent);
  const named = harness.options.create?.action;
  if (named === undefined && creates.length === 0) {
    return [
      {
        id: 'create.none',
        title: 'create: no non-idempotent command declared, so nothing can be created twice (asserted)',
        async run() {
          ensure(creates.length === 0, 'The manifest declares non-idempotent commands');
        },
      },
    ];
  }
  const action = named ?? creates.join(' | ');
  return [
    {
      id: 'create.same-key',
      title: `create (${action}): the same idempotency key twice creates one thing and returns the same output`,
      run: (scope) => createsOnce(harness, scope, 'retried'),
    },
    {
      id: 'create.lost-response',
      title: `create (${action}): a retry after a lost response (nothing recorded) finds the thing instead of creating another`,
      run: (scope) => createsOnce(harness, scope, 'lost'),
    },
  ];
};

async function createsOnce(
  harness: ConformanceHarness,
  scope: CheckScope,
  retry: 'retried' | 'lost',
): Promise<void> {
  const options = createOptions(harness);
  const input = typeof options.input === 'function' ? options.input(scope.setup) : options.input;
  const key = `conformance-${randomUUID()}`;
  const commandId = randomUUID();
  const before = await options.count(scope.setup);

  const first = scope.bind();
  // A fresh command: idempotentCreate skips its search and records a pending attempt first.
  const one = await act(scope, first, options.action, input, {
    idempotencyKey: key,
    commandId,
    attempt: 1,
    issuedAt: new Date(),
  });
  // A lost response, and the instance's records of the attempt gone with it (a database restored
  // from a backup): the command comes again as a redelivery and must find what the vendor created.
  // A fresh state store is exactly that instance.
  const second = retry === 'retried' ? first : scope.bind({ state: new MemoryStateStore() });
  const two = await act(scope, second, options.action, input, { idempotencyKey: key, commandId, attempt: 2 });
  const after = await options.count(scope.setup);

  const how =
    retry === 'retried' ? 'Running it twice with one idempotency key' : 'Retrying after a lost response';
  ensure(
    after - before === 1,
    () =>
      `${how} changed the vendor's count by ${after - before} (from ${before} to ${after}); expected exactly 1. ` +
      'Use idempotentCreate(ctx, { key: meta.idempotencyKey, find, create }) with a marker the vendor can search.',
  );
  ensure(
    isDeepStrictEqual(withoutCreatedFlag(one.output), withoutCreatedFlag(two.output)),
    () => `${how} returned ${show(two.output)} after ${show(one.output)}; expected the same output`,
  );
}

/**
 * The output without a top-level boolean `created`: the canonical create outputs
 * (`TicketCreateOutput`, `CommentAddOutput`) say whether this very call created the thing, which a
 * retry answers with false by design. Everything else must be the same.
 */
function withoutCreatedFlag(output: Record<string, unknown>): Record<string, unknown> {
  if (typeof output.created !== 'boolean') return output;
  const { created: _created, ...rest } = output;
  return rest;
}

async function act(
  scope: CheckScope,
  instance: ConnectorInstance<object>,
  action: string,
  input: Record<string, unknown>,
  meta: CommandMeta,
): Promise<ActionOutcome> {
  const outcome = await runAction(instance, action, input, meta);
  scope.record('result', `${action} output (attempt ${meta.attempt})`, outcome.output);
  scope.record('event', `${action} events (attempt ${meta.attempt})`, outcome.events);
  return outcome;
}

function createOptions(harness: ConformanceHarness): CreateConformance<unknown> {
  const options = harness.options.create;
  const commands = harness.manifest.commands ?? {};
  const creates = Object.keys(commands).filter((action) => !commands[action]!.idempotent);
  if (!options)
    throw new ConformanceFailure(
      `The manifest declares non-idempotent command(s) ${creates.join(', ')}: pass create: { action, input, count } ` +
        'so the kit can prove a retried create makes one thing',
    );
  ensure(commands[options.action], `create.action ${options.action} is not a command of the manifest`);
  return options as CreateConformance<unknown>;
}
