import {
  replyJson,
  startFakeVendor,
  type FakeVendor,
  type VendorRequest,
} from '@switchboard/connector-testkit';

/** Answers one request with a status and a JSON body (a string body goes out as text). */
export type FakeApiRoute = (request: VendorRequest) => { status?: number; body?: unknown };

/** The testkit's fake vendor with a route table, standing in for the Alertmanager API in unit specs. */
export interface FakeAlertmanagerApi extends Pick<FakeVendor, 'url' | 'close'> {
  /** Keyed `METHOD /path`, or `METHOD /prefix/*` for a path ending in an id; replace it at will. */
  routes: Record<string, FakeApiRoute>;
  /** Requests since the last {@link FakeAlertmanagerApi.forget}. */
  readonly requests: readonly VendorRequest[];
  /** Starts a new request log (between tests). */
  forget(): void;
}

/** Starts the fake; an unrouted request gets a 404, as from Alertmanager. (The e2e suites use the real one.) */
export async function startFakeAlertmanagerApi(
  routes: Record<string, FakeApiRoute>,
): Promise<FakeAlertmanagerApi> {
  let seen = 0;
  const vendor = await startFakeVendor((request, response) => {
    const route =
      fake.routes[`${request.method} ${request.path}`] ??
      fake.routes[`${request.method} ${request.path.replace(/\/[^/]+$/, '/*')}`];
    const { status = 200, body } = route?.(request) ?? { status: 404, body: '' };
    if (typeof body === 'string') response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    else replyJson(response, status, body ?? null);
  });
  const fake: FakeAlertmanagerApi = {
    url: vendor.url,
    routes,
    get requests() {
      return vendor.requests.slice(seen);
    },
    forget: () => {
      seen = vendor.requests.length;
    },
    close: () => vendor.close(),
  };
  return fake;
}

/** A JSON request body as the fake received it. */
export function jsonBody<T = unknown>(request: VendorRequest): T {
  return JSON.parse(request.body) as T;
}
