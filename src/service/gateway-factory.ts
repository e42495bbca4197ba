import type { Logger } from 'pino';
import {
  CallCounter,
  createJiraTransport,
  JiraGateway,
  Pacer,
  type RetryOptions,
  type TransportObserver,
} from '../jira/index.ts';
import type { JiraConnection } from './jira-connection.ts';

export interface BuiltGateway {
  gateway: JiraGateway;
  calls: CallCounter;
  /** the transport's pace once Jira has throttled it (for metrics) */
  pacer: Pacer;
}

/** The gateway over its transport, with call counting and any extra observer (metrics). */
export function buildGateway(
  connection: JiraConnection,
  options: {
    maxConcurrency: number;
    log: Logger;
    observer?: TransportObserver;
    retry?: Partial<RetryOptions>;
  },
): BuiltGateway {
  const calls = new CallCounter();
  const extra = options.observer;
  const pacer = new Pacer({
    onCut: (rate) =>
      options.log.warn(
        { requestsPerSecond: Math.round(rate * 10) / 10 },
        'Jira throttled the service (429): pacing requests',
      ),
  });
  const transport = createJiraTransport({
    baseUrl: connection.baseUrl,
    email: connection.email,
    apiToken: connection.apiToken,
    maxConcurrency: options.maxConcurrency,
    pacer,
    ...(options.retry ? { retry: options.retry } : {}),
    observer: {
      onCall: (call) => {
        calls.onCall(call);
        extra?.onCall?.(call);
      },
      onRetry: (retry) => {
        calls.onRetry(retry);
        extra?.onRetry?.(retry);
        options.log.debug(retry, 'retrying a Jira call');
      },
      onSchemaMismatch: (endpoint, problems) => {
        options.log.warn(
          { endpoint, problems },
          'Jira answered with a shape jira.js does not describe',
        );
        extra?.onSchemaMismatch?.(endpoint, problems);
      },
    },
  });
  return { gateway: new JiraGateway(transport), calls, pacer };
}
