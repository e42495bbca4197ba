/**
 * The HTTP side of the receiver: `POST /webhooks/jira` on an express 5 router. It only captures
 * the raw bytes (verification needs them untouched, so no JSON parser runs first) and writes the
 * receiver's answer.
 */
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
  type Router,
} from 'express';
import { createWebhookReceiver } from './receiver.ts';
import type { WebhookReceiver, WebhookReceiverOptions, WebhookResponse } from './receiver-types.ts';

export const WEBHOOK_PATH = '/webhooks/jira';

export type WebhookRouter = Router & { receiver: WebhookReceiver };
export type WebhookApp = Express & { receiver: WebhookReceiver };

export function createWebhookRouter<Screened>(
  options: WebhookReceiverOptions<Screened>,
): WebhookRouter {
  const receiver = createWebhookReceiver(options);
  const router = express.Router();

  router.post(
    WEBHOOK_PATH,
    // Every content type is read (and limited) here; the receiver answers 415 for non-JSON.
    // inflate: false because the signature covers the bytes as sent: a compressed body is 415.
    express.raw({ type: () => true, limit: receiver.maxBodyBytes, inflate: false }),
    async (req: Request, res: Response) => {
      const body: unknown = req.body;
      send(
        res,
        await receiver.receive({
          headers: req.headers,
          body: Buffer.isBuffer(body) ? body : undefined,
        }),
      );
    },
  );
  router.all(WEBHOOK_PATH, (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'use POST' });
  });

  const bodyErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (req.path !== WEBHOOK_PATH || res.headersSent) {
      next(error);
      return;
    }
    send(res, receiver.answerUnreadableBody(req.headers, error));
  };
  router.use(bodyErrors);

  return Object.assign(router, { receiver });
}

/** An app with only the webhook route: for tests, the sandbox and benchmarks. */
export function createWebhookApp<Screened>(options: WebhookReceiverOptions<Screened>): WebhookApp {
  const app = express();
  app.disable('x-powered-by');
  const router = createWebhookRouter(options);
  app.use(router);
  return Object.assign(app, { receiver: router.receiver });
}

function send(res: Response, response: WebhookResponse): void {
  res.status(response.status);
  if (response.body === undefined) res.end();
  else res.json(response.body);
}
