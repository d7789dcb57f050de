import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AuthFailureThrottle } from '@switchboard/auth';
import { EVENT_BUS, type EventBus } from '@switchboard/bus';
import { DEFAULT_WEBHOOK_MAX_BODY_BYTES, processWebhook } from '@switchboard/connector-sdk';
import {
  HttpFastLane,
  problemType,
  readBody,
  writeProblem,
  type FastLaneRequest,
  type ProblemDetails,
} from '@switchboard/platform';
import { InstanceHealthService } from '../health/instance-health.service';
import { InstanceHost } from '../hosting/instance-host';
import { WebhookMetrics } from './webhook-metrics';

/** How long a sender should wait before retrying when we could not take its delivery. */
const RETRY_AFTER_SECONDS = { busDown: 5, disabled: 60 } as const;
/** No connector may accept more than the hub's general body limit. */
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Refused credentials per sender address within a minute before it is refused outright (429):
 * slows down guessing a webhook token. Its own count, apart from the admin API's, so a
 * misconfigured tool cannot lock admins out.
 */
export const WEBHOOK_AUTH_FAILURE_LIMIT = 20;

/** The 202 body: how many canonical events the delivery became, and their ids. */
export interface WebhookAccepted {
  accepted: number;
  eventIds: string[];
}

const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/**
 * `POST /hooks/:instanceId`: where tools deliver webhooks. Served from the HTTP fast lane (ahead
 * of Express and the admin pipeline: this is the hub's hot ingest path), it does itself what
 * that pipeline would: the body is read raw with a size limit (signatures are over bytes),
 * checked against the connector's declared auth, parsed into canonical events, and published
 * durably. The answer is `202` only once the bus stored every event, so a sender that gets
 * anything else retries and nothing it sent is lost. Refusals are RFC 9457 problems, logged with
 * the request id; successes are counted in `/metrics`, not logged. Public by decision: API keys do
 * not apply, each connector's own webhook auth does (see `processWebhook`).
 */
@Injectable()
export class WebhookIngress implements OnModuleInit {
  private readonly logger = new Logger('WebhookIngress');
  private readonly throttle = new AuthFailureThrottle(WEBHOOK_AUTH_FAILURE_LIMIT, 60_000);

  constructor(
    private readonly lane: HttpFastLane,
    private readonly host: InstanceHost,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly health: InstanceHealthService,
    private readonly metrics: WebhookMetrics,
  ) {}

  onModuleInit(): void {
    this.lane.register({
      method: 'POST',
      pattern: '/hooks/:instanceId',
      reason:
        'webhook ingress: each delivery is authenticated by its connector’s declared scheme (signature, basic or bearer), not by an API key',
      handle: (request) => this.receive(request),
    });
  }

  private async receive({ req, res, params, requestId }: FastLaneRequest): Promise<void> {
    const instanceId = params.instanceId!;
    const path = `/hooks/${instanceId}`;
    const refuse = (
      connector: string,
      problem: ProblemDetails,
      headers: Record<string, string> = {},
      drain = true,
    ) => {
      if (drain) req.resume();
      this.metrics.refused(connector, problem.status);
      const line = `POST ${path} → ${problem.status} [${requestId}]: ${problem.detail ?? problem.title}`;
      if (problem.status >= 500) this.logger.error(line);
      else this.logger.warn(line);
      writeProblem(res, problem, path, requestId, headers);
    };

    const client = req.socket.remoteAddress ?? 'unknown';
    const wait = this.throttle.retryAfterMs(client);
    if (wait > 0)
      return refuse(
        'unknown',
        problem(
          429,
          'too-many-failures',
          `Too many refused deliveries from this address; retry in ${Math.ceil(wait / 1000)} s`,
        ),
        { 'Retry-After': String(Math.ceil(wait / 1000)) },
      );

    const hosted = this.host.get(instanceId);
    if (!hosted || !hosted.definition?.manifest.webhook)
      return refuse(
        'unknown',
        problem(404, 'not-found', `No connector instance ${instanceId} takes webhooks here`),
      );
    const connector = hosted.connectorType;
    if (!hosted.runnable || !hosted.bound)
      // Disabled or misconfigured: the sender keeps the delivery and retries; nothing is lost.
      return refuse(
        connector,
        problem(503, 'instance-unavailable', `Instance ${instanceId} is not running: ${hosted.problem}`),
        { 'Retry-After': String(RETRY_AFTER_SECONDS.disabled) },
      );

    const limit = Math.min(
      hosted.definition.manifest.webhook.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES,
      MAX_BODY_BYTES,
    );
    const body = await readBody(req, limit);
    if (!body.ok) {
      if (body.failure === 'aborted') return;
      return refuse(
        connector,
        problem(413, 'webhook-too-large', `The body exceeds ${limit} bytes`),
        {},
        false,
      );
    }

    let outcome;
    try {
      outcome = await processWebhook(hosted.bound, {
        headers: req.headers,
        rawBody: body.body,
        receivedAt: new Date(),
      });
    } catch (error) {
      this.health.failed(instanceId, 'webhook', error);
      this.logger.error(
        `Webhook for ${instanceId} failed in the connector [${requestId}]: ${describe(error)}`,
      );
      return refuse(
        connector,
        problem(503, 'connector-failed', 'The connector could not process this delivery; retry later'),
        { 'Retry-After': String(RETRY_AFTER_SECONDS.busDown) },
        false,
      );
    }
    if (!outcome.ok) {
      if (outcome.status === 401 || outcome.status === 403) this.throttle.recordFailure(client);
      if (outcome.status === 422) this.health.failed(instanceId, 'webhook', new Error(outcome.message));
      return refuse(
        connector,
        {
          ...problem(
            outcome.status,
            outcome.status === 422 ? 'validation' : `webhook-${outcome.reason.replace(/_/g, '-')}`,
            outcome.message,
          ),
          ...('errors' in outcome && outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
        },
        {},
        false,
      );
    }
    try {
      await Promise.all(outcome.events.map((event) => this.bus.publish(event)));
    } catch (error) {
      this.health.failed(instanceId, 'webhook', error);
      return refuse(
        connector,
        problem(503, 'bus-unavailable', 'The events could not be stored durably; retry later'),
        { 'Retry-After': String(RETRY_AFTER_SECONDS.busDown) },
        false,
      );
    }
    this.health.succeeded(instanceId, 'webhook');
    this.metrics.accepted(connector, outcome.events.length);
    const accepted: WebhookAccepted = {
      accepted: outcome.events.length,
      eventIds: outcome.events.map((event) => event.id),
    };
    const json = JSON.stringify(accepted);
    res.writeHead(202, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
    });
    res.end(json);
  }
}

function problem(status: number, type: string, detail: string): ProblemDetails {
  return { type: problemType(type), title: TITLES[status] ?? 'Error', status, detail };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
