import { processWebhook, type ConnectorInstance, type WebhookOutcome } from '@switchboard/connector-sdk';
import type { AlertData, CloudEvent } from '@switchboard/events';
import type { AlertmanagerConfig } from '../../../../connectors/alertmanager';
import { WebhookRecorder } from './webhook-recorder';

/**
 * The hub's webhook ingress in miniature: every POST goes through `processWebhook` for one bound
 * instance, and is answered as the ingress answers (202 once the events would be published, the
 * refusal's status otherwise), so Alertmanager sees what it would see from the hub.
 */
export class ConnectorWebhookReceiver {
  readonly outcomes: WebhookOutcome[] = [];
  private readonly recorder: WebhookRecorder;

  constructor(readonly instance: ConnectorInstance<AlertmanagerConfig>) {
    this.recorder = new WebhookRecorder(async (request) => {
      const outcome = await processWebhook(instance, {
        headers: request.headers,
        rawBody: request.rawBody,
        receivedAt: request.receivedAt,
      });
      this.outcomes.push(outcome);
      return outcome.ok ? 202 : outcome.status;
    });
  }

  /** The URL for the receiver's `webhook_configs`, as the hub serves it: `/hooks/<instanceId>`. */
  listen(): Promise<string> {
    return this.recorder.listen(`/hooks/${this.instance.context.instanceId}`);
  }

  /** Every event published so far, in order. */
  get events(): CloudEvent<AlertData>[] {
    return this.outcomes.flatMap((outcome) =>
      outcome.ok ? (outcome.events as CloudEvent<AlertData>[]) : [],
    );
  }

  /** The first event (already published or still to come) that matches. */
  async event(
    match: (event: CloudEvent<AlertData>) => boolean,
    timeoutMs = 45_000,
  ): Promise<CloudEvent<AlertData>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `No matching event within ${timeoutMs} ms; outcomes so far: ${JSON.stringify(this.outcomes).slice(0, 4000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  close(): Promise<void> {
    return this.recorder.close();
  }
}
