import type { Logger } from 'pino';
import type { SecretScrubber } from '../domain/index.ts';
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
  /** adds an observer of every call and retry (metrics built after the gateway) */
  observe(observer: TransportObserver): void;
  /** the bot's account id, asked of Jira (`myself`) once and kept; asked again after a failure */
  botAccountId(): Promise<string>;
  /** when `myself` last answered for botAccountId (0: never) */
  lastMyselfMs(): number;
}

export interface GatewayBuildOptions {
  maxConcurrency: number;
  log: Logger;
  observer?: TransportObserver;
  retry?: Partial<RetryOptions>;
  now?: () => number;
  /** blanks secrets from Jira's error answers before anything shows them */
  scrubber?: SecretScrubber;
}

/** The gateway over its transport, with call counting and any extra observer (metrics). */
export function buildGateway(
  connection: JiraConnection,
  options: GatewayBuildOptions,
): BuiltGateway {
  const calls = new CallCounter();
  const observers: TransportObserver[] = options.observer ? [options.observer] : [];
  const { log } = options;
  const pacer = new Pacer({
    onCut: (rate) =>
      log.warn(
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
    ...(options.scrubber ? { scrubber: options.scrubber } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    observer: {
      onCall: (call) => {
        calls.onCall(call);
        for (const observer of observers) observer.onCall?.(call);
      },
      onRetry: (retry) => {
        calls.onRetry(retry);
        for (const observer of observers) observer.onRetry?.(retry);
        log.debug(retry, 'retrying a Jira call');
      },
      onSchemaMismatch: (endpoint, problems) => {
        log.warn({ endpoint, problems }, 'Jira answered with a shape jira.js does not describe');
        for (const observer of observers) observer.onSchemaMismatch?.(endpoint, problems);
      },
    },
  });
  const gateway = new JiraGateway(transport);
  const bot = botAccount(gateway, options.now ?? Date.now);
  return {
    gateway,
    calls,
    pacer,
    observe: (observer) => void observers.push(observer),
    botAccountId: bot.accountId,
    lastMyselfMs: bot.lastAnsweredMs,
  };
}

function botAccount(gateway: JiraGateway, now: () => number) {
  let lastAnswered = 0;
  let accountId: Promise<string> | undefined;
  return {
    accountId: (): Promise<string> => {
      accountId ??= gateway.myself().then(
        (me) => {
          lastAnswered = now();
          return me.accountId;
        },
        (error: unknown) => {
          accountId = undefined; // ask again next time
          throw error;
        },
      );
      return accountId;
    },
    lastAnsweredMs: () => lastAnswered,
  };
}
