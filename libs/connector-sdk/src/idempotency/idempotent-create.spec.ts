import { MemoryStateStore } from '../state/connector-state-store';
import { FRESH_COMMAND_MS, creationMarker, idempotentCreate } from './idempotent-create';

describe('idempotentCreate', () => {
  const NOW = Date.parse('2026-12-02T10:00:00Z');
  const ctx = () => ({
    tenantId: 'acme',
    instanceId: 'inst-1',
    state: new MemoryStateStore(),
    now: () => new Date(NOW),
  });
  /** The first delivery of a command issued a second ago. */
  const fresh = { attempt: 1, issuedAt: new Date(NOW - 1_000) };

  it('creates once per key; a retry gets the recorded result without calling the vendor', async () => {
    const context = ctx();
    const vendor: string[] = [];
    const options = {
      key: 'step-1',
      find: jest.fn(async (marker: string) =>
        vendor.includes(marker) ? { id: vendor.indexOf(marker) } : undefined,
      ),
      create: jest.fn(async (marker: string) => ({ id: vendor.push(marker) - 1 })),
    };
    expect(await idempotentCreate(context, options)).toEqual({ result: { id: 0 }, created: true });
    expect(await idempotentCreate(context, options)).toEqual({ result: { id: 0 }, created: false });
    expect(options.create).toHaveBeenCalledTimes(1);
    expect(options.find).toHaveBeenCalledTimes(1);
    expect(vendor).toEqual([creationMarker(context, 'step-1')]);
  });

  it('finds the thing by its marker when the create went through but its answer was lost', async () => {
    const context = ctx();
    const vendor: string[] = [];
    await expect(
      idempotentCreate(context, {
        key: 'step-2',
        find: async () => undefined,
        create: async (marker) => {
          vendor.push(marker);
          throw new Error('socket hang up'); // created at the vendor, answer lost
        },
      }),
    ).rejects.toThrow('socket hang up');
    const retry = await idempotentCreate(context, {
      key: 'step-2',
      find: async (marker) => (vendor.includes(marker) ? { id: 'found' } : undefined),
      create: async () => ({ id: 'duplicate' }),
    });
    expect(retry).toEqual({ result: { id: 'found' }, created: false });
  });

  /** A state store that logs every write as `<key> <status>`, and the vendor calls around them. */
  function watched() {
    const context = ctx();
    const log: string[] = [];
    const set = context.state.set.bind(context.state);
    context.state.set = async (key, value) => {
      log.push(`${key} ${(value as { status: string }).status}`);
      return set(key, value);
    };
    const vendor: string[] = [];
    const find = jest.fn(async (marker: string) => {
      log.push('find');
      return vendor.includes(marker) ? { id: `found ${marker}` } : undefined;
    });
    const create = jest.fn(async (marker: string) => {
      log.push('create');
      return { id: String(vendor.push(marker)) };
    });
    return { context, log, vendor, find, create };
  }

  it('skips the search on the first delivery of a fresh command with nothing recorded: pending is written before the create', async () => {
    const { context, log, find, create } = watched();
    expect(await idempotentCreate(context, { key: 'k', command: fresh, find, create })).toEqual({
      result: { id: '1' },
      created: true,
    });
    expect(log).toEqual(['intent:k pending', 'create', 'intent:k done']);
    expect(await context.state.get('intent:k')).toMatchObject({ status: 'done', result: { id: '1' } });
  });

  it('searches when a pending record says an earlier attempt may have created the thing', async () => {
    const { context, vendor, find, create } = watched();
    create.mockImplementationOnce(async (marker) => {
      vendor.push(marker); // created at the vendor, then the answer was lost
      throw new Error('socket hang up');
    });
    await expect(idempotentCreate(context, { key: 'k', command: fresh, find, create })).rejects.toThrow(
      'socket hang up',
    );
    expect(await context.state.get('intent:k')).toMatchObject({ status: 'pending' });

    // The orchestrator's next try of the step is a new command: a first delivery again.
    const retry = await idempotentCreate(context, { key: 'k', command: fresh, find, create });
    expect(retry).toEqual({ result: { id: `found ${vendor[0]}` }, created: false });
    expect(create).toHaveBeenCalledTimes(1);
    expect(vendor).toHaveLength(1);
  });

  it.each([
    ['a redelivery', { attempt: 2, issuedAt: new Date(NOW - 1_000) }],
    [
      'a first delivery of a command issued before the duplicate window',
      { attempt: 1, issuedAt: new Date(NOW - FRESH_COMMAND_MS) },
    ],
    ['a command with an unreadable time', { attempt: 1, issuedAt: new Date('yesterday-ish') }],
    ['a command that does not say when it was issued', { attempt: 1 }],
    ['a call that does not name its command', undefined],
  ])('searches on %s, with nothing recorded', async (_, command) => {
    const { context, log, vendor, find, create } = watched();
    vendor.push(creationMarker(context, 'k')); // created by a run whose records are gone
    expect(await idempotentCreate(context, { key: 'k', command, find, create })).toEqual({
      result: { id: `found ${vendor[0]}` },
      created: false,
    });
    expect(log).toEqual(['find', 'intent:k done']);
    expect(create).not.toHaveBeenCalled();
  });

  it('writes no pending record when it searches: a failed create after a search leaves the state as it was', async () => {
    const { context, log, find, create } = watched();
    create.mockRejectedValueOnce(new Error('503 from the vendor'));
    await expect(
      idempotentCreate(context, { key: 'k', command: { ...fresh, attempt: 2 }, find, create }),
    ).rejects.toThrow('503');
    expect(log).toEqual(['find']);
    expect(await context.state.get('intent:k')).toBeUndefined();
  });

  it('does not create when the pending record cannot be written', async () => {
    const { context, find, create } = watched();
    context.state.set = async () => {
      throw new Error('database is locked');
    };
    await expect(idempotentCreate(context, { key: 'k', command: fresh, find, create })).rejects.toThrow(
      'database is locked',
    );
    expect(create).not.toHaveBeenCalled();
  });

  it('uses a marker that depends on tenant, instance and key only', () => {
    expect(creationMarker({ tenantId: 'a', instanceId: 'i' }, 'k')).toBe(
      creationMarker({ tenantId: 'a', instanceId: 'i' }, 'k'),
    );
    expect(creationMarker({ tenantId: 'a', instanceId: 'i' }, 'k')).not.toBe(
      creationMarker({ tenantId: 'b', instanceId: 'i' }, 'k'),
    );
    expect(creationMarker({ tenantId: 'a', instanceId: 'i' }, 'k')).toMatch(/^sb-[0-9a-f]{24}$/);
  });
});
