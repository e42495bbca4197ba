/** GET /admin/api/*: each section as JSON, scrubbed; the same data the page renders. */
import { type Response, Router } from 'express';
import { AdminInputError, type AdminData, type DeadlineAnswer } from '../admin-model.ts';
import { errorMessage, type LoadContext, pageOf, queryText } from './load.ts';

async function answer(
  res: Response,
  ctx: LoadContext,
  read: () => unknown,
  upstream: boolean,
): Promise<void> {
  try {
    res.json(ctx.scrubber.scrubValue(await read()));
  } catch (error) {
    const message = errorMessage(error, ctx.scrubber);
    if (error instanceof AdminInputError) {
      res.status(400).json({ error: { code: 'bad-request', message } });
      return;
    }
    ctx.log?.warn({ err: message }, 'admin api failed');
    // Jira-backed sections fail as a bad gateway; the in-memory ones as the service's own error.
    res
      .status(upstream ? 502 : 500)
      .json({ error: { code: upstream ? 'jira-unavailable' : 'internal', message } });
  }
}

/** The calculator's answer for the raw query values (the API's and the page form's). */
export function deadlineOf(data: AdminData, project: unknown, from: unknown): () => DeadlineAnswer {
  return () => {
    const p = queryText(project);
    const f = queryText(from);
    if (!p || !f) {
      throw new AdminInputError('informe o projeto (project) e a data da resolução (from)');
    }
    return data.deadline(p, f);
  };
}

export function adminApi(data: AdminData, ctx: LoadContext): Router {
  const api = Router();
  api.get('/forecast', (req, res) =>
    answer(res, ctx, () => data.forecast(pageOf(req.query.page)), true),
  );
  api.get('/pending', (req, res) =>
    answer(res, ctx, () => data.pending(pageOf(req.query.page)), true),
  );
  api.get('/runs', (_req, res) => answer(res, ctx, () => data.runs(), false));
  api.get('/calendar', (_req, res) => answer(res, ctx, () => data.calendar(), false));
  api.get('/config', (_req, res) => answer(res, ctx, () => data.config(), false));
  api.get('/deadline', (req, res) =>
    answer(res, ctx, deadlineOf(data, req.query.project, req.query.from), false),
  );
  api.use((_req, res) => {
    res.status(404).json({ error: { code: 'not-found', message: 'no such admin endpoint' } });
  });
  return api;
}
