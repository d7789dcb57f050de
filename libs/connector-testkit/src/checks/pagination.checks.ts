import { ConformanceFailure, ensure, show } from '../conformance-failure';
import type { ConformanceSetup, PaginationConformance, PaginationItem } from '../conformance-options';
import { startFakeVendor } from '../harness/fake-vendor';
import type { CheckScope, ConformanceHarness } from '../harness/conformance-harness';
import type { CheckDeclarer } from './check-declaration';

/**
 * Pagination boundaries, when the manifest declares a paging style: a collection of exactly one
 * page, and one item over, each listed through the connector with every item exactly once. The
 * off-by-one at a page boundary (a missing last item, a repeated first one) is the classic bug.
 * A connector with an `http` hook pages against the kit's simulator (`pagination.serve`); one
 * without (LDAP) pages through the real tool, holding a collection `pagination.collection` put there.
 */
export const paginationChecks: CheckDeclarer = (harness) => {
  const hint = harness.manifest.pagination;
  if (!hint || hint.style === 'none') {
    return [
      {
        id: 'pagination.none',
        title: `pagination: ${hint ? "style 'none'" : 'not declared'}, so there are no page boundaries to probe (asserted)`,
        async run() {
          ensure(!hint || hint.style === 'none', 'The manifest declares a paging style');
        },
      },
    ];
  }
  const size = harness.options.pagination?.pageSize;
  const label = (extra: number) => (size === undefined ? `page size + ${extra}` : `${size + extra}`);
  const where = harness.connector.hooks.http ? '' : ', no http hook: paged by the tool itself';
  return [
    {
      id: 'pagination.one-page',
      title: `pagination (${hint.style}${where}): exactly one full page (N = ${label(0)}) lists every item once`,
      run: (scope) => listsEveryItemOnce(harness, scope, 0),
    },
    {
      id: 'pagination.one-over',
      title: `pagination (${hint.style}${where}): one item over a page (N = ${label(1)}) lists every item once`,
      run: (scope) => listsEveryItemOnce(harness, scope, 1),
    },
  ];
};

async function listsEveryItemOnce(
  harness: ConformanceHarness,
  scope: CheckScope,
  extra: number,
): Promise<void> {
  const options = paginationOptions(harness);
  const count = options.pageSize + extra;
  const items: PaginationItem[] = Array.from({ length: count }, (_, index) => ({
    id: `item-${String(index + 1).padStart(4, '0')}`,
    index,
  }));
  const source = harness.connector.hooks.http
    ? await simulatedCollection(harness, options, items)
    : await collectionInTheTool(harness, options, items, scope);
  try {
    const instance = scope.bind({ config: source.config });
    const listed = [...(await options.probe(instance))];
    scope.record('result', `pagination probe (N = ${count})`, listed);

    const seen = new Map<string, number>();
    for (const id of listed) seen.set(id, (seen.get(id) ?? 0) + 1);
    const missing = items.filter((item) => !seen.has(item.id)).map((item) => item.id);
    const repeated = [...seen].filter(([, times]) => times > 1).map(([id]) => id);
    const unknown = [...seen.keys()].filter((id) => !items.some((item) => item.id === id));
    ensure(
      missing.length === 0 && repeated.length === 0 && unknown.length === 0,
      () =>
        `Listing ${count} items with page size ${options.pageSize} through the connector ` +
        `(${source.requests()}) got ${listed.length}: ` +
        [
          missing.length ? `missing ${show(missing, 120)}` : '',
          repeated.length ? `repeated ${show(repeated, 120)}` : '',
          unknown.length ? `never served ${show(unknown, 120)}` : '',
        ]
          .filter(Boolean)
          .join(', '),
    );
  } finally {
    await source.close();
  }
}

/** Where a pagination probe lists from: its instance config, what it saw, how to clean up. */
interface ProbedCollection {
  config: Record<string, unknown>;
  /** For the failure message: how the connector asked for the pages. */
  requests(): string;
  close(): Promise<void>;
}

/** The kit's HTTP simulator serving `items` in the vendor's format. */
async function simulatedCollection(
  harness: ConformanceHarness,
  options: PaginationConformance<object, ConformanceSetup>,
  items: PaginationItem[],
): Promise<ProbedCollection> {
  const configForBaseUrl = harness.options.configForBaseUrl;
  if (!configForBaseUrl)
    throw new ConformanceFailure(
      'Pagination needs configForBaseUrl(url, setup) to point the connector at the simulator',
    );
  const serve = options.serve;
  if (!serve)
    throw new ConformanceFailure(
      'The connector talks HTTP: pass pagination.serve(items, request, response), a simulator of the vendor paging format',
    );
  const vendor = await startFakeVendor((request, response) => serve(items, request, response));
  return {
    config: configForBaseUrl(vendor.url, harness.setup),
    requests: () => `${vendor.requests.length} request(s)`,
    close: () => vendor.close(),
  };
}

/** `items` put into the tool itself by `pagination.collection`, for a connector without an http hook. */
async function collectionInTheTool(
  harness: ConformanceHarness,
  options: PaginationConformance<object, ConformanceSetup>,
  items: PaginationItem[],
  scope: CheckScope,
): Promise<ProbedCollection> {
  if (!options.collection)
    throw new ConformanceFailure(
      'The connector has no http hook, so the kit cannot serve its pages: pass pagination.collection(items, setup), ' +
        'which puts exactly these items into the tool and returns the config of an instance listing them',
    );
  const collection = await options.collection(items, scope.setup);
  return {
    config: collection.config,
    requests: () => 'paged by the tool',
    close: async () => {
      await collection.remove?.();
    },
  };
}

function paginationOptions(harness: ConformanceHarness): PaginationConformance<object, ConformanceSetup> {
  const options = harness.options.pagination;
  if (!options)
    throw new ConformanceFailure(
      harness.connector.hooks.http
        ? `The manifest declares ${harness.manifest.pagination?.style} pagination: pass pagination: { pageSize, serve, probe } ` +
            '(a simulator of the vendor paging format and a probe listing through the connector)'
        : `The manifest declares ${harness.manifest.pagination?.style} pagination: pass pagination: { pageSize, collection, probe } ` +
            '(a collection put into the tool and a probe listing through the connector)',
    );
  ensure(
    Number.isInteger(options.pageSize) && options.pageSize > 0,
    'pagination.pageSize must be a positive integer',
  );
  return options;
}
