import { isRecord, type WebhookResponse } from './receiver-types.ts';

export interface BodyLimits {
  maxBodyBytes: number;
  /** how long a body may take to arrive; a busy answer asks to retry after it */
  bodyTimeoutMs: number;
}

/**
 * The answer to a body the HTTP layer could not read, from the error read-body.ts raised: too
 * large (413), compressed (415), too slow (408), too many bodies being read at once (503, which
 * Jira retries), another client error (its own 4xx), or ours (500).
 */
export function unreadableBodyResponse(
  error: unknown,
  { maxBodyBytes, bodyTimeoutMs }: BodyLimits,
): { response: WebhookResponse; fields?: Record<string, unknown> } {
  const type = isRecord(error) && typeof error.type === 'string' ? error.type : undefined;
  switch (type) {
    case 'entity.too.large':
      return answer(413, { error: `body larger than ${maxBodyBytes} bytes` }, 'too-large');
    case 'encoding.unsupported':
      return answer(415, { error: 'unsupported Content-Encoding' }, 'unsupported-media-type');
    case 'body.timeout':
      return answer(408, { error: `body not received within ${bodyTimeoutMs} ms` }, 'body-timeout');
    case 'server.busy': {
      // By then every body being read now has arrived or timed out.
      const retryAfter = String(Math.ceil(bodyTimeoutMs / 1000));
      const body = { outcome: 'transient-failure', reason: 'too many webhook bodies being read' };
      return {
        response: { ...answer(503, body, 'busy').response, headers: { 'Retry-After': retryAfter } },
      };
    }
  }
  const status = isRecord(error) ? error.status : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      response: { status, body: { error: 'unreadable body' }, outcome: 'unreadable-body' },
      fields: { reason: type },
    };
  }
  return answer(500, { error: 'internal error' }, 'internal-error');
}

function answer(
  status: number,
  body: Record<string, unknown>,
  outcome: WebhookResponse['outcome'],
): { response: WebhookResponse } {
  return { response: { status, body, outcome } };
}
