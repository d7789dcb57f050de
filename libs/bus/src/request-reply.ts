import { ErrorCode, SwitchboardError, isSwitchboardError } from '@switchboard/errors';
import { fromNatsMessage, type CloudEvent } from '@switchboard/events';

/**
 * Request/reply lives on `rpc.<tenant>.<instanceId>.<action>`, outside every stream: a request on a
 * stream's subject would be answered by JetStream's publish ack instead of a service.
 */
export function rpcSubject(tenant: string, instanceId: string, action: string): string {
  return `rpc.${tenant}.${instanceId}.${action}`;
}

export function assertRequestSubject(subject: string): void {
  if (!/^rpc\.[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*>-]+)+$/.test(subject)) {
    throw SwitchboardError.validation(`request subject "${subject}" must be rpc.<tenant>.<…>`, [
      { path: 'subject', message: 'must start with rpc. (request/reply stays out of the durable streams)' },
    ]);
  }
}

const ERROR_CODE_HEADER = 'sb-error-code';
const ERROR_MESSAGE_HEADER = 'sb-error';
const CODES = new Set<string>(Object.values(ErrorCode));

/** A failed reply travels as headers, so the requester gets the same typed error the server raised. */
export function encodeReplyError(error: unknown): Record<string, string> {
  const code = isSwitchboardError(error) ? error.code : ErrorCode.Retryable;
  const message = error instanceof Error ? error.message : String(error);
  return {
    [ERROR_CODE_HEADER]: code,
    [ERROR_MESSAGE_HEADER]: message.replace(/[\r\n]+/g, ' ').slice(0, 1_000),
  };
}

export function decodeReply(headers: Record<string, string>, data: Uint8Array): CloudEvent {
  const code = headers[ERROR_CODE_HEADER];
  if (code) {
    throw new SwitchboardError(
      CODES.has(code) ? (code as ErrorCode) : ErrorCode.Retryable,
      headers[ERROR_MESSAGE_HEADER] ?? 'request failed',
    );
  }
  return fromNatsMessage(headers, data);
}
