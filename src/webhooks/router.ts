/**
 * The HTTP side of the receiver: `POST /webhooks/jira` on an express 5 router. It only reads the
 * raw bytes (verification needs them untouched, so no JSON parser runs first), within the body
 * limits (read-body.ts), and writes the receiver's answer.
 */
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
  type Router,
} from 'express';
import { BodyBudget } from './body-budget.ts';
import { readBody } from './read-body.ts';
import { createWebhookReceiver } from './receiver.ts';
import type { WebhookReceiver, WebhookReceiverOptions, WebhookResponse } from './receiver-types.ts';

export const WEBHOOK_PATH = '/webhooks/jira';

export interface WebhookBodies {
  /** bytes reserved by unauthenticated bodies being read now (at most maxPendingBodyBytes) */
  readonly pendingBytes: number;
}

export type WebhookRouter = Router & { receiver: WebhookReceiver; bodies: WebhookBodies };
export type WebhookApp = Express & { receiver: WebhookReceiver; bodies: WebhookBodies };

export function createWebhookRouter<Screened>(
  options: WebhookReceiverOptions<Screened>,
): WebhookRouter {
  const receiver = createWebhookReceiver(options);
  const budget = new BodyBudget(receiver.maxPendingBodyBytes);
  const router = express.Router();

  router.post(WEBHOOK_PATH, async (req: Request, res: Response) => {
    let body: Buffer | undefined;
    try {
      // Every content type is read (and limited) here; the receiver answers 415 for non-JSON.
      body = await readBody(req, {
        maxBytes: receiver.maxBodyBytes,
        timeoutMs: receiver.bodyTimeoutMs,
        // Only the shared token can be checked before the body; signed bodies count.
        ...(receiver.authenticatedByHeaders(req.headers) ? {} : { budget }),
      });
    } catch (error) {
      // The rest of the body is never read: the connection cannot carry another request.
      res.set('Connection', 'close');
      send(res, receiver.answerUnreadableBody(req.headers, error));
      return;
    }
    send(res, await receiver.receive({ headers: req.headers, body }));
  });
  router.all(WEBHOOK_PATH, (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'use POST' });
  });

  // A net: whatever else failed on the webhook path gets the receiver's answer, logged.
  const errors: ErrorRequestHandler = (error, req, res, next) => {
    if (req.path !== WEBHOOK_PATH || res.headersSent) {
      next(error);
      return;
    }
    send(res, receiver.answerUnreadableBody(req.headers, error));
  };
  router.use(errors);

  const bodies: WebhookBodies = {
    get pendingBytes() {
      return budget.used;
    },
  };
  return Object.assign(router, { receiver, bodies });
}

/** An app with only the webhook route: for tests, the sandbox and benchmarks. */
export function createWebhookApp<Screened>(options: WebhookReceiverOptions<Screened>): WebhookApp {
  const app = express();
  app.disable('x-powered-by');
  const router = createWebhookRouter(options);
  app.use(router);
  return Object.assign(app, { receiver: router.receiver, bodies: router.bodies });
}

function send(res: Response, response: WebhookResponse): void {
  if (res.destroyed) return;
  res.status(response.status);
  if (response.headers) res.set(response.headers);
  if (response.body === undefined) res.end();
  else res.json(response.body);
}
