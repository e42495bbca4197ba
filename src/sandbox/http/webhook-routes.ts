import type { Request, Response } from 'express';
import type { SandboxStore } from '../store.ts';
import { renderWebhook, WebhookInputError, type WebhookRegistry } from '../webhooks/registry.ts';
import { badRequest, JiraHttpError } from './errors.ts';
import { baseUrl, caller, jsonBody } from './request.ts';
import type { Route } from './route.ts';

/**
 * Jira's admin webhook REST API (/rest/webhooks/1.0/webhook): not part of the v3 OpenAPI
 * description. Registering needs the "Administer Jira" permission (the seed's `siteAdmin`).
 */
export function webhookRoutes(store: SandboxStore, registry: WebhookRegistry): Route[] {
  const admin = (res: Response) => {
    const user = caller(res);
    if (!user.siteAdmin) {
      throw new JiraHttpError(403, ['Only Jira administrators can manage webhooks.']);
    }
    return user;
  };
  const id = (req: Request) => {
    const value = Number(req.params.id);
    const webhook = Number.isInteger(value) ? registry.get(value) : undefined;
    if (!webhook) throw new JiraHttpError(404, [`No webhook with id ${String(req.params.id)}.`]);
    return webhook.id;
  };
  const parse = <T>(run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof WebhookInputError) throw badRequest(error.message);
      throw error;
    }
  };
  const path = '/rest/webhooks/1.0/webhook';
  return [
    {
      method: 'get',
      path,
      operation: 'getAdminWebhooks',
      handler: (req, res) => {
        admin(res);
        res.json(registry.list().map((w) => renderWebhook(baseUrl(req), w)));
      },
    },
    {
      method: 'post',
      path,
      operation: 'registerAdminWebhook',
      handler: (req, res) => {
        const user = admin(res);
        const webhook = parse(() => registry.register(jsonBody(req), user, store.now()));
        res.status(201).json(renderWebhook(baseUrl(req), webhook));
      },
    },
    {
      method: 'get',
      path: `${path}/:id`,
      operation: 'getAdminWebhook',
      handler: (req, res) => {
        admin(res);
        res.json(renderWebhook(baseUrl(req), registry.get(id(req))!));
      },
    },
    {
      method: 'put',
      path: `${path}/:id`,
      operation: 'updateAdminWebhook',
      handler: (req, res) => {
        const user = admin(res);
        const webhookId = id(req);
        const webhook = parse(() => registry.update(webhookId, jsonBody(req), user, store.now()));
        res.json(renderWebhook(baseUrl(req), webhook!));
      },
    },
    {
      method: 'delete',
      path: `${path}/:id`,
      operation: 'deleteAdminWebhook',
      handler: (req, res) => {
        admin(res);
        registry.remove(id(req));
        res.status(204).end();
      },
    },
  ];
}
