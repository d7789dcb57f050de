import {
  replyJson,
  startFakeVendor,
  type FakeVendor,
  type VendorRequest,
} from '@switchboard/connector-testkit';
import type { OpenApiContract } from './openapi-contract';

/** An answer other than the documented example (it must still satisfy the spec's response schema). */
export interface ExampleOverride {
  status: number;
  body?: unknown;
}

/** A server that knows nothing but the spec. */
export interface SpecExampleServer extends Pick<FakeVendor, 'url' | 'close' | 'requests'> {
  /** Every way a request (or an override) broke the spec. */
  readonly violations: string[];
  /** Operation ids answered, in order. */
  readonly operations: string[];
}

/**
 * A vendor made of its OpenAPI document only: every request is checked against the spec (a
 * request that breaks it is answered 400 with the reasons, Jira's way, and recorded); a valid one
 * is answered with the operation's documented example, or with `overrides[operationId]` when a
 * test needs another answer the spec allows (an empty search result, to reach a create).
 */
export async function startSpecExampleServer(
  contract: OpenApiContract,
  overrides: Readonly<Record<string, (request: VendorRequest) => ExampleOverride>> = {},
): Promise<SpecExampleServer> {
  const violations: string[] = [];
  const operations: string[] = [];
  const vendor = await startFakeVendor((request, response) => {
    const verdict = contract.checkRequest(request);
    if (verdict.violations.length > 0 || !verdict.operation) {
      violations.push(...verdict.violations.map((v) => `${request.method} ${request.path}: ${v}`));
      return replyJson(response, 400, { errorMessages: verdict.violations, errors: {} });
    }
    const id = verdict.operation.id;
    operations.push(id);
    const override = overrides[id]?.(request);
    if (override)
      violations.push(
        ...contract.checkResponse(id, override.status, override.body).map((v) => `override: ${v}`),
      );
    const answer = override ?? contract.exampleResponse(id);
    if (answer.body === undefined) response.writeHead(answer.status).end();
    else replyJson(response, answer.status, answer.body);
  });
  return {
    url: vendor.url,
    get requests() {
      return vendor.requests;
    },
    violations,
    operations,
    close: () => vendor.close(),
  };
}
