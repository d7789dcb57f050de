import {
  Controller,
  HttpCode,
  Inject,
  Logger,
  Param,
  Post,
  Req,
  Res,
  type RawBodyRequest,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@switchboard/auth';
import { EVENT_BUS, type EventBus } from '@switchboard/bus';
import { processWebhook } from '@switchboard/connector-sdk';
import { ProblemDetailsException, problemType } from '@switchboard/platform';
import type { Request, Response } from 'express';
import { InstanceHealthService } from '../health/instance-health.service';
import { InstanceHost } from '../hosting/instance-host';
import { WebhookMetrics } from './webhook-metrics';

/** How long a sender should wait before retrying when we could not take its delivery. */
const RETRY_AFTER_SECONDS = { busDown: 5, disabled: 60 } as const;

/** The 202 body: how many canonical events the delivery became, and their ids. */
export interface WebhookAccepted {
  accepted: number;
  eventIds: string[];
}

/**
 * `POST /hooks/:instanceId`: where tools deliver webhooks. The raw body is kept (signatures are
 * over bytes), checked against the connector's declared auth, parsed into canonical events, and
 * published durably; the answer is `202` only once the bus stored every event, so a sender that
 * gets anything else retries and nothing it sent is lost. Public by decision: the API key guard
 * does not apply, each connector's own webhook auth does (see `processWebhook`).
 */
@ApiExcludeController()
@Controller('hooks')
export class WebhookIngressController {
  private readonly logger = new Logger('WebhookIngress');

  constructor(
    private readonly host: InstanceHost,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly health: InstanceHealthService,
    private readonly metrics: WebhookMetrics,
  ) {}

  @Post(':instanceId')
  @HttpCode(202)
  @Public(
    'webhook ingress: each delivery is authenticated by its connector’s declared scheme (signature, basic or bearer)',
  )
  async receive(
    @Param('instanceId') instanceId: string,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WebhookAccepted> {
    const hosted = this.host.get(instanceId);
    if (!hosted || !hosted.definition?.manifest.webhook) {
      this.metrics.refused('unknown', 404);
      throw problem(404, 'not-found', 'Not Found', `No connector instance ${instanceId} takes webhooks here`);
    }
    const connector = hosted.connectorType;
    if (!hosted.runnable) {
      // Disabled or misconfigured: the sender keeps the delivery and retries; nothing is lost.
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS.disabled));
      this.metrics.refused(connector, 503);
      throw problem(
        503,
        'instance-unavailable',
        'Service Unavailable',
        `Instance ${instanceId} is not running: ${hosted.problem}`,
      );
    }
    const outcome = await hosted.limiter
      .run(() =>
        processWebhook(hosted.bound!, {
          headers: request.headers,
          rawBody: request.rawBody ?? Buffer.alloc(0),
          receivedAt: new Date(),
        }),
      )
      .catch((error: unknown) => {
        this.health.failed(instanceId, 'webhook', error);
        this.logger.error(`Webhook for ${instanceId} failed in the connector: ${describe(error)}`);
        response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS.busDown));
        this.metrics.refused(connector, 503);
        throw problem(
          503,
          'connector-failed',
          'Service Unavailable',
          'The connector could not process this delivery; retry later',
        );
      });
    if (!outcome.ok) {
      this.metrics.refused(connector, outcome.status);
      if (outcome.status === 422) this.health.failed(instanceId, 'webhook', new Error(outcome.message));
      throw new ProblemDetailsException({
        type: problemType(
          outcome.status === 422 ? 'validation' : `webhook-${outcome.reason.replace(/_/g, '-')}`,
        ),
        title: TITLES[outcome.status],
        status: outcome.status,
        detail: outcome.message,
        ...('errors' in outcome && outcome.errors.length > 0 ? { errors: outcome.errors } : {}),
      });
    }
    try {
      await Promise.all(outcome.events.map((event) => this.bus.publish(event)));
    } catch (error) {
      this.health.failed(instanceId, 'webhook', error);
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS.busDown));
      this.metrics.refused(connector, 503);
      throw problem(
        503,
        'bus-unavailable',
        'Service Unavailable',
        'The events could not be stored durably; retry later',
      );
    }
    this.health.succeeded(instanceId, 'webhook');
    this.metrics.accepted(connector, outcome.events.length);
    return { accepted: outcome.events.length, eventIds: outcome.events.map((event) => event.id) };
  }
}

const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
};

function problem(status: number, type: string, title: string, detail: string): ProblemDetailsException {
  return new ProblemDetailsException({ type: problemType(type), title, status, detail });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
