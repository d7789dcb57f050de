import { MemoryStateStore } from '../state/connector-state-store';
import { creationMarker, idempotentCreate } from './idempotent-create';

describe('idempotentCreate', () => {
  const ctx = () => ({
    tenantId: 'acme',
    instanceId: 'inst-1',
    state: new MemoryStateStore(),
    now: () => new Date(0),
  });

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

  it('writes the state once per create, after it: nothing before, nothing for a failed attempt', async () => {
    const context = ctx();
    const writes: string[] = [];
    const set = context.state.set.bind(context.state);
    context.state.set = async (key, value) => {
      writes.push(`${key} ${(value as { status: string }).status}`);
      return set(key, value);
    };
    const vendor: string[] = [];
    const find = async (marker: string) => (vendor.includes(marker) ? { id: 'found' } : undefined);
    await expect(
      idempotentCreate(context, {
        key: 'step-3',
        find,
        create: async () => {
          expect(writes).toEqual([]); // no write stands between the search and the create
          throw new Error('503 from the vendor');
        },
      }),
    ).rejects.toThrow('503');
    expect(writes).toEqual([]);
    expect(await context.state.get('intent:step-3')).toBeUndefined();

    await idempotentCreate(context, {
      key: 'step-3',
      find,
      create: async (marker) => ({ id: String(vendor.push(marker)) }),
    });
    expect(writes).toEqual(['intent:step-3 done']);
    expect(await context.state.get('intent:step-3')).toMatchObject({ status: 'done', result: { id: '1' } });
  });

  it('searches again when an older version left only a pending record', async () => {
    const context = ctx();
    await context.state.set('intent:step-4', {
      status: 'pending',
      marker: 'sb-x',
      since: '1970-01-01T00:00:00.000Z',
    });
    const find = jest.fn(async () => ({ id: 'found' }));
    const create = jest.fn(async () => ({ id: 'duplicate' }));
    expect(await idempotentCreate(context, { key: 'step-4', find, create })).toEqual({
      result: { id: 'found' },
      created: false,
    });
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
