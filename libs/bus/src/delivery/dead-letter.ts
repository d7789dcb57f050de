import type { DeadLetterReason } from '../event-bus';
import type { Delivery } from './delivery';

/** Headers a dead-letter message carries on top of the original message's own headers. */
export const DLQ_HEADERS = {
  consumer: 'sb-dlq-consumer',
  reason: 'sb-dlq-reason',
  errorCode: 'sb-dlq-error-code',
  error: 'sb-dlq-error',
  deliveries: 'sb-dlq-deliveries',
  subject: 'sb-dlq-subject',
  stream: 'sb-dlq-stream',
  streamSequence: 'sb-dlq-stream-seq',
  failedAt: 'sb-dlq-failed-at',
} as const;

/** What a dead letter says about why it is one. The original message travels with it unchanged. */
export interface DeadLetterRecord {
  consumer: string;
  reason: DeadLetterReason;
  errorCode: string;
  error: string;
  deliveries: number;
  subject: string;
  stream: string;
  streamSequence: number;
  failedAt: string;
}

/** Error text is capped: a dead letter is for operators, not a dump of a vendor's HTML error page. */
const MAX_ERROR_LENGTH = 1_000;

export function deadLetterRecord(
  consumer: string,
  delivery: Delivery,
  reason: DeadLetterReason,
  error: unknown,
): DeadLetterRecord {
  const message = error instanceof Error ? error.message : String(error);
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'unknown';
  return {
    consumer,
    reason,
    errorCode: code,
    error: message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message,
    deliveries: delivery.deliveryCount,
    subject: delivery.raw.subject,
    stream: delivery.stream,
    streamSequence: delivery.streamSequence,
    failedAt: new Date().toISOString(),
  };
}

/** The dead letter's headers: the original headers plus the record. Header values must be single-line. */
export function deadLetterHeaders(
  raw: Record<string, string>,
  record: DeadLetterRecord,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name.toLowerCase() !== 'nats-msg-id') headers[name] = value;
  }
  for (const [key, header] of Object.entries(DLQ_HEADERS)) {
    headers[header] = String(record[key as keyof DeadLetterRecord]).replace(/[\r\n]+/g, ' ');
  }
  return headers;
}

/** Reads a dead letter's record back from its headers (for inspection and replay). */
export function readDeadLetterRecord(headers: Record<string, string>): DeadLetterRecord | undefined {
  if (!headers[DLQ_HEADERS.consumer]) return undefined;
  return {
    consumer: headers[DLQ_HEADERS.consumer],
    reason: headers[DLQ_HEADERS.reason] as DeadLetterRecord['reason'],
    errorCode: headers[DLQ_HEADERS.errorCode],
    error: headers[DLQ_HEADERS.error],
    deliveries: Number(headers[DLQ_HEADERS.deliveries]),
    subject: headers[DLQ_HEADERS.subject],
    stream: headers[DLQ_HEADERS.stream],
    streamSequence: Number(headers[DLQ_HEADERS.streamSequence]),
    failedAt: headers[DLQ_HEADERS.failedAt],
  };
}
