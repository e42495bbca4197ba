import { HANDLED_EVENTS, type HandledEvent, type HandledPayload } from './delivery.ts';
import { parseHandledPayload } from './payload-schema.ts';
import { isRecord, type WebhookResponse } from './receiver-types.ts';

/**
 * A verified body read into a handled payload, or the answer to give instead (malformed JSON, no
 * event, an event the service does not handle, a payload that fails the schema), with the event
 * when the body named one and the fields for the log line.
 */
export type PayloadReading =
  | { payload: HandledPayload; event: HandledEvent }
  | { response: WebhookResponse; event?: string; fields?: Record<string, unknown> };

export function readPayload(raw: Buffer, receivedAtMs: number): PayloadReading {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return {
      response: { status: 400, body: { error: 'malformed JSON' }, outcome: 'malformed-json' },
    };
  }

  const event = isRecord(body) ? body.webhookEvent : undefined;
  if (typeof event !== 'string' || event === '') {
    return {
      response: {
        status: 400,
        body: { error: 'webhookEvent: required (string)' },
        outcome: 'invalid-payload',
      },
    };
  }
  if (!isHandledEvent(event)) {
    return { event, response: { status: 204, outcome: 'unhandled-event' }, fields: { event } };
  }

  const parsed = parseHandledPayload(event, body, receivedAtMs);
  if (!parsed.ok) {
    const error = `invalid ${event} payload: ${parsed.reason}`;
    return {
      event,
      response: { status: 400, body: { error }, outcome: 'invalid-payload' },
      fields: { event, reason: parsed.reason },
    };
  }
  return { payload: parsed.payload, event };
}

function isHandledEvent(event: string): event is HandledEvent {
  return (HANDLED_EVENTS as readonly string[]).includes(event);
}
