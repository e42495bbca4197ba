/**
 * Shared pieces of the webhook tests: a counting processor stub and signed requests. Logs are
 * captured with test/support/log-capture.ts.
 */
import type {
  Delivery,
  DeliveryProcessor,
  HandledPayload,
  ProcessResult,
  Screening,
} from '../../src/webhooks/index.ts';
import { signBody } from '../../src/webhooks/index.ts';

export const SECRET = 'current-webhook-secret-5f1c';
export const OLD_SECRET = 'rotated-out-secret-9a7e';

export interface StubProcessor extends DeliveryProcessor<unknown> {
  /** every delivery process() was called with, in order */
  calls: Delivery[];
  /** what screening handed process() with each of those calls */
  screenedValues: unknown[];
  screened: HandledPayload[];
}

/**
 * A processor that records its calls and answers what the test says: it screens everything in
 * (handing process() the payload) and acts, by default.
 */
export function stubProcessor(
  options: {
    screen?: (payload: HandledPayload) => Screening<unknown>;
    process?: (delivery: Delivery, screened: unknown) => Promise<ProcessResult> | ProcessResult;
  } = {},
): StubProcessor {
  const calls: Delivery[] = [];
  const screenedValues: unknown[] = [];
  const screened: HandledPayload[] = [];
  return {
    calls,
    screenedValues,
    screened,
    screen(payload) {
      screened.push(payload);
      return options.screen ? options.screen(payload) : { screened: payload };
    },
    async process(delivery, value) {
      calls.push(delivery);
      screenedValues.push(value);
      if (options.process) return options.process(delivery, value);
      return { outcome: 'acted', actions: ['transition'], reason: 'customer replied' };
    },
  };
}

/** A promise the test settles when it decides to. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A comment_created body of the shape Jira Cloud sends (reduced issue fields, no top-level user). */
export function commentCreatedBody(
  overrides: { projectKey?: string; issueKey?: string; commentId?: string; body?: unknown } = {},
): Record<string, unknown> {
  const projectKey = overrides.projectKey ?? 'SUP';
  return {
    timestamp: 1771012800000,
    webhookEvent: 'comment_created',
    comment: {
      id: overrides.commentId ?? '10100',
      author: {
        accountId: 'clinic-account-1',
        displayName: 'Clínica Exemplo',
        accountType: 'customer',
      },
      body: overrides.body ?? 'Segue o print solicitado.',
      created: '2026-02-13T17:00:00.000-0300',
      updated: '2026-02-13T17:00:00.000-0300',
      jsdPublic: true,
    },
    issue: {
      id: '10042',
      key: overrides.issueKey ?? `${projectKey}-42`,
      fields: {
        summary: 'Erro ao emitir laudo',
        issuetype: { id: '10001', name: 'Chamado' },
        project: { id: '10000', key: projectKey },
        assignee: null,
        status: { id: '10002', name: 'Pendente Informação do cliente' },
      },
    },
  };
}

export function signedHeaders(
  raw: string | Buffer,
  extra: Record<string, string> = {},
  secret = SECRET,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-hub-signature': signBody(raw, secret),
    ...extra,
  };
}
