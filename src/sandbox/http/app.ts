import express, { type Express } from 'express';
import type { SandboxStore } from '../store.ts';
import type { WebhookRegistry } from '../webhooks/registry.ts';
import { basicAuth } from './auth.ts';
import { commentRoutes } from './comment-routes.ts';
import { controlRouter, type SandboxControl } from './control-routes.ts';
import { errorHandler, notFound } from './errors.ts';
import { issueRoutes } from './issue-routes.ts';
import { jsmRequestRoutes } from './jsm-request-routes.ts';
import { propertyRoutes } from './property-routes.ts';
import type { Route } from './route.ts';
import { searchRoutes } from './search-routes.ts';
import { siteCheckRoutes } from './site-check-routes.ts';
import { transitionRoutes } from './transition-routes.ts';
import { userRoutes } from './user-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';

export function apiRoutes(store: SandboxStore, registry: WebhookRegistry): Route[] {
  return [
    ...userRoutes(store),
    ...issueRoutes(store),
    ...transitionRoutes(store),
    ...commentRoutes(store),
    ...propertyRoutes(store),
    ...searchRoutes(store),
    ...webhookRoutes(store, registry),
    ...siteCheckRoutes(store),
    ...jsmRequestRoutes(store),
  ];
}

/**
 * The express app: /_sandbox controls first (no auth, no faults), then every REST operation as
 * count → faults → Basic auth → handler, then Jira-shaped 404s and errors.
 */
export function buildApp(control: SandboxControl, registry: WebhookRegistry): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Property values may be any JSON value, not only objects and arrays.
  app.use(express.json({ strict: false, limit: '1mb' }));
  app.use('/_sandbox', controlRouter(control));
  const auth = basicAuth(control.store.site);
  const router = express.Router();
  for (const route of apiRoutes(control.store, registry)) {
    router[route.method](
      route.path,
      control.stats.count(route.operation),
      control.faults.middleware,
      auth,
      route.handler,
    );
  }
  app.use(router);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
