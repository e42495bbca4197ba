import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AdminData } from '../admin/admin-model.ts';
import { createAdminRouter } from '../admin/http/index.ts';
import type { SecretScrubber } from '../domain/index.ts';
import type { WebhookRouter } from '../webhooks/index.ts';
import type { DoctorSummary } from './doctor-runner.ts';
import type { JiraReadiness } from './jira-heartbeat.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface ServiceAppParts {
  webhooks: WebhookRouter;
  metrics: ServiceMetrics;
  log: Logger;
  /** every JSON answer passes through it: /readyz quotes Jira's errors, deliveries their reasons */
  scrubber: SecretScrubber;
  projects: string[];
  /** true once shutdown began: readiness fails and connections are not kept alive */
  stopping: () => boolean;
  /** what the background check of Jira found (from memory: a probe never calls Jira) */
  jira: () => JiraReadiness;
  /** the last doctor run's summary (from memory: a probe never makes the doctor call Jira) */
  doctor?: () => DoctorSummary | undefined;
  /** the admin page's data and token (no token: /admin answers 404) */
  admin?: {
    data: AdminData;
    token: string | undefined;
    /** counts the Jira calls each page view cost (the footer's figure) */
    onView?: (jiraCalls: number) => void;
    /** the session cookie's Secure flag: true, or 'auto' (req.secure) */
    secureCookies?: 'auto' | boolean;
  };
}

/**
 * The HTTP side of the service: the webhook receiver, /healthz, /readyz and /metrics. Every JSON
 * answer, the receiver's included, is scrubbed of secrets on its way out.
 */
export function createServiceApp(parts: ServiceAppParts): Express {
  const { webhooks, metrics, log } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    if (parts.stopping()) res.set('Connection', 'close');
    const json = res.json.bind(res);
    res.json = (body?: unknown) => json(parts.scrubber.scrubValue(body));
    next();
  });
  // The receiver logs one line per delivery itself, so its route comes before pino-http (which
  // would build a request logger for every delivery only to skip it).
  app.use(webhooks);
  app.use(
    pinoHttp({
      logger: log,
      // Probes would drown everything else.
      autoLogging: {
        ignore: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? ''),
      },
      quietReqLogger: true,
    }),
  );
  if (parts.admin) {
    // After the scrubbing res.json (the router scrubs its JSON and HTML itself too) and after
    // pino-http, whose request log redacts the Authorization header.
    app.use('/admin', createAdminRouter({ ...parts.admin, scrubber: parts.scrubber, log }));
  }
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    if (parts.stopping()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const { ready, jira, ...check } = parts.jira();
    // The doctor informs, it does not gate: a failing check must not stop the deliveries.
    const last = parts.doctor?.();
    const doctor = last ? { doctor: last } : {};
    const jiraCheck = Object.keys(check).length > 0 ? { jiraCheck: check } : {};
    if (!ready) {
      res
        .status(503)
        .json({ status: 'not ready', config: 'loaded', jira, ...jiraCheck, ...doctor });
      return;
    }
    res.json({
      status: 'ready',
      config: 'loaded',
      jira,
      ...jiraCheck,
      projects: parts.projects,
      ...doctor,
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return app;
}
