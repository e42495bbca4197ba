/**
 * The admin page's data, as the service builds it: the dry run through the service's sweep runner
 * (no per-issue lock, not one of the service's runs, no sweep metrics, its lines at debug), and
 * the history and deliveries the service records.
 */
import type { Logger } from 'pino';
import { createAdminData, type AdminDataHandle } from '../admin/admin-data.ts';
import type { DoctorRunner } from './doctor-runner.ts';
import type { BuiltGateway } from './gateway-factory.ts';
import type { ServiceMetrics } from './metrics.ts';
import type { ServiceOptions } from './service.ts';
import { createSweepRunner } from './sweep-runner.ts';

export function serviceAdminData(
  options: ServiceOptions,
  parts: {
    jira: BuiltGateway;
    metrics: ServiceMetrics;
    doctor: () => DoctorRunner | undefined;
    stopping: () => boolean;
    now: () => number;
  },
): AdminDataHandle {
  const { env, config, connection } = options;
  const { jira, metrics, now } = parts;
  const run = createSweepRunner({
    jira,
    config,
    log: quieter(options.log.child({ admin: 'dry-run' })),
    concurrency: env.JIRA_MAX_CONCURRENCY,
    botAccountId: jira.botAccountId,
    now,
  });
  return createAdminData({
    config,
    configFile: env.CONFIG_FILE,
    site: connection.siteUrl,
    siteUrl: connection.siteUrl,
    embeddedSandbox: connection.sandbox,
    scheduler: options.scheduler,
    cacheSeconds: env.ADMIN_CACHE_SECONDS,
    now,
    doctor: () => parts.doctor()?.lastReport(),
    dryRun: (onIssue, nowMs) =>
      run('full', { dryRun: true, nowMs, onIssue, shouldStop: parts.stopping }),
    onBuild: (calls) => {
      metrics.adminBuilds.inc();
      metrics.adminJiraCalls.inc(calls);
    },
  });
}

/**
 * The dry run logs as a sweep does, once per issue with actions and once at the end: a page view
 * is no run, so those lines show only when the service logs at debug. Warnings still show.
 */
function quieter(log: Logger): Logger {
  if (log.levelVal <= log.levels.values.debug!) return log;
  return log.child({}, { level: 'warn' });
}
