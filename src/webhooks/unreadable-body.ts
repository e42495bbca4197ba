import { isRecord, type WebhookResponse } from './receiver-types.ts';

/**
 * The answer to a body the HTTP layer could not read, from the error body-parser raised: too
 * large (413), compressed (415), another client error (its own 4xx), or ours (500).
 */
export function unreadableBodyResponse(
  error: unknown,
  maxBodyBytes: number,
): { response: WebhookResponse; fields?: Record<string, unknown> } {
  const type = isRecord(error) && typeof error.type === 'string' ? error.type : undefined;
  if (type === 'entity.too.large') {
    return {
      response: {
        status: 413,
        body: { error: `body larger than ${maxBodyBytes} bytes` },
        outcome: 'too-large',
      },
    };
  }
  if (type === 'encoding.unsupported') {
    return {
      response: {
        status: 415,
        body: { error: 'unsupported Content-Encoding' },
        outcome: 'unsupported-media-type',
      },
    };
  }
  const status = isRecord(error) ? error.status : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      response: { status, body: { error: 'unreadable body' }, outcome: 'unreadable-body' },
      fields: { reason: type },
    };
  }
  return {
    response: { status: 500, body: { error: 'internal error' }, outcome: 'internal-error' },
  };
}
