import { errorMessage } from '../jira/index.ts';
import type { BuiltGateway } from './gateway-factory.ts';
import { JiraHeartbeat } from './jira-heartbeat.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { ServiceOptions } from './service.ts';

/**
 * /readyz's Jira check, in the background from the moment the service listens: one `myself` per
 * interval, so that a probe never waits on Jira nor adds to its load.
 */
export function jiraHeartbeat(
  options: ServiceOptions,
  jira: BuiltGateway,
  metrics: ServiceMetrics,
  now: () => number,
): JiraHeartbeat {
  const maxAgeMs = options.readinessMaxAgeMs ?? options.env.READINESS_MAX_AGE_SECONDS * 1000;
  return new JiraHeartbeat({
    check: () => jira.gateway.myself(),
    // Several checks per allowed age: one slow or failed answer does not flap readiness.
    intervalMs: Math.max(1000, Math.min(10_000, Math.floor(maxAgeMs / 3))),
    maxAgeMs,
    now,
    otherSuccessMs: jira.lastMyselfMs,
    describe: errorMessage,
    onCheck: (check) => metrics.jiraChecked(check, now()),
  });
}
