import { randomUUID } from 'node:crypto';
import {
  checkPassed,
  defineConnector,
  pollPages,
  type ConnectorDefinition,
  type ConnectorInstance,
} from '@switchboard/connector-sdk';
import { EventType } from '@switchboard/events';
import {
  conformanceSuite,
  type ConformanceSetup,
  type ConnectorConformanceOptions,
} from '@switchboard/connector-testkit';
import { IsInt, IsString, Min } from 'class-validator';

// A connector that talks to its tool without HTTP (as LDAP does): the kit cannot point it at an
// HTTP simulator, so the pagination checks page through a collection put into the "tool" itself.

/** The tool: named collections of items, listed in pages of a requested size. */
const TOOL = new Map<string, string[]>();

class ShelfConfig {
  @IsString()
  shelf!: string;

  @IsInt()
  @Min(1)
  pageSize: number = 2;
}

interface ShelfCursor {
  at: number;
}

/** Lists the shelf in pages; `dropLastOfPage` loses the last item of every full page. */
function shelfConnector(
  options: { dropLastOfPage?: boolean; signals?: AbortSignal[] } = {},
): ConnectorDefinition<ShelfConfig, ShelfCursor> {
  return defineConnector<ShelfConfig, ShelfCursor>({
    manifest: {
      id: 'shelf',
      version: '1.0.0',
      category: 'cmdb',
      displayName: 'Shelf',
      description: 'A tool reached without HTTP, paging its lists itself.',
      configClass: ShelfConfig,
      auth: [{ type: 'none' }],
      emits: [EventType.CiUpserted],
      poll: { intervalMs: 60_000 },
      pagination: { style: 'cursor' },
    },
    hooks: {
      async check(ctx) {
        options.signals?.push(ctx.signal);
        return checkPassed(
          `shelf ${ctx.config.shelf} holds ${TOOL.get(ctx.config.shelf)?.length ?? 0} items`,
        );
      },
      poll: {
        async *run(ctx) {
          const items = TOOL.get(ctx.config.shelf) ?? [];
          const size = ctx.config.pageSize;
          for (let start = 0; start < items.length || start === 0; start += size) {
            const page = items.slice(start, start + size);
            const kept = options.dropLastOfPage && page.length === size ? page.slice(0, -1) : page;
            yield {
              events: kept.map((id) => ({
                type: EventType.CiUpserted,
                subject: id,
                occurrenceKey: id,
                time: '2026-01-01T00:00:00Z',
                data: { name: id, ciClass: 'server' },
              })),
              cursor: { at: start + page.length },
            };
          }
        },
        compareCursors: (a, b) => a.at - b.at,
      },
    },
  });
}

async function listedIds(instance: ConnectorInstance<ShelfConfig>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of pollPages(instance, undefined)) ids.push(...page.events.map((e) => e.subject!));
  return ids;
}

function shelfConformance(
  connector: ConnectorDefinition<ShelfConfig, ShelfCursor>,
): ConnectorConformanceOptions<ShelfConfig, ShelfCursor, ConformanceSetup> {
  return {
    connector,
    setup: async () => {
      TOOL.set('main', ['a', 'b', 'c']);
      return { config: { shelf: 'main' }, secrets: {} };
    },
    badSecrets: () => ({}),
    poll: { farFutureCursor: { at: 1000 } },
    pagination: {
      pageSize: 2,
      collection: async (items, setup) => {
        const shelf = `probe-${randomUUID()}`;
        TOOL.set(
          shelf,
          items.map((item) => item.id),
        );
        return { config: { ...setup.config, shelf, pageSize: 2 }, remove: () => void TOOL.delete(shelf) };
      },
      probe: listedIds,
    },
  };
}

async function outcome(
  options: ConnectorConformanceOptions<ShelfConfig, ShelfCursor, ConformanceSetup>,
  checkId: string,
): Promise<{ title: string; error?: string }> {
  const suite = conformanceSuite(options);
  await suite.start();
  try {
    await suite.check(checkId).run();
    return { title: suite.check(checkId).title };
  } catch (error) {
    return { title: suite.check(checkId).title, error: (error as Error).message };
  } finally {
    await suite.stop();
  }
}

describe('the conformance kit, for a connector without an http hook', () => {
  afterEach(() => TOOL.clear());

  it('pages through a collection put into the tool, and removes it afterwards', async () => {
    for (const id of ['pagination.one-page', 'pagination.one-over']) {
      const result = await outcome(shelfConformance(shelfConnector()), id);
      expect(result).toEqual({ title: expect.stringContaining('no http hook: paged by the tool itself') });
    }
    expect([...TOOL.keys()]).toEqual(['main']);
  });

  it('finds the item lost at a page boundary', async () => {
    const result = await outcome(
      shelfConformance(shelfConnector({ dropLastOfPage: true })),
      'pagination.one-page',
    );
    expect(result.error).toContain(
      'Listing 2 items with page size 2 through the connector (paged by the tool)',
    );
    expect(result.error).toContain('missing ["item-0002"]');
    expect([...TOOL.keys()]).toEqual(['main']);
  });

  it('asks for pagination.collection rather than an HTTP simulator', async () => {
    const options = shelfConformance(shelfConnector());
    const { collection: _collection, ...withoutCollection } = options.pagination!;
    const result = await outcome({ ...options, pagination: withoutCollection }, 'pagination.one-page');
    expect(result.error).toContain(
      'no http hook, so the kit cannot serve its pages: pass pagination.collection',
    );
  });

  it('says the rate-limit checks do not apply and asserts it', async () => {
    expect(await outcome(shelfConformance(shelfConnector()), 'http.rate-limit')).toEqual({
      title:
        'http: no http hook, so the platform client and its Retry-After handling are not used (asserted)',
    });
  });

  it("aborts the instances' signal when a check ends, so held connections are released", async () => {
    const signals: AbortSignal[] = [];
    expect(
      (await outcome(shelfConformance(shelfConnector({ signals })), 'check.passes')).error,
    ).toBeUndefined();
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
  });
});
