/**
 * The admin page's HTTP side (issue 15), mounted at /admin: the login, the page, its assets and
 * the JSON. Without a token every /admin request answers 404: the service decides who gets one.
 */
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { SecretScrubber } from '../../domain/index.ts';
import type { AdminData } from '../admin-model.ts';
import { adminApi } from './api.ts';
import { type Asset, loadAssets } from './assets.ts';
import {
  clearedCookie,
  cookieSecure,
  isAuthenticated,
  SessionStore,
  sessionCookie,
  sessionIdOf,
  tokenMatches,
} from './auth.ts';
import { securityHeaders } from './headers.ts';
import { type LoadContext } from './load.ts';
import { renderLogin } from './page.ts';
import { viewPage } from './view.ts';

export interface AdminRouterOptions {
  data: AdminData;
  /** undefined: /admin answers 404 */
  token: string | undefined;
  /** every value shown, HTML and JSON, passes it */
  scrubber: SecretScrubber;
  log?: Logger;
  /** the session cookie's Secure flag: 'auto' (default) follows req.secure (see auth.ts) */
  secureCookies?: 'auto' | boolean;
  /** called once per page view with the Jira calls it cost (the sections not served from cache) */
  onView?: (jiraCalls: number) => void;
  /** for tests: the session clock */
  now?: () => number;
}

function sendAsset(assets: Map<string, Asset>) {
  return (req: Request, res: Response) => {
    const asset = assets.get(String(req.params.name));
    if (!asset) {
      res.status(404).type('text/plain').send('não encontrado');
      return;
    }
    res.type(asset.type).send(asset.body);
  };
}

function requireAuth(token: string, sessions: SessionStore) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isAuthenticated(req, token, sessions)) {
      next();
      return;
    }
    if (req.path.startsWith('/api/')) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="admin"')
        .json({ error: { code: 'unauthorized', message: 'admin token required' } });
      return;
    }
    res.redirect(303, `${req.baseUrl}/login`);
  };
}

function loginRoutes(
  router: Router,
  token: string,
  sessions: SessionStore,
  options: AdminRouterOptions,
): void {
  const secure = options.secureCookies ?? 'auto';
  router.get('/login', (req, res) => {
    res.type('html').send(renderLogin(req.baseUrl));
  });
  router.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    const candidate = typeof body?.token === 'string' ? body.token : '';
    if (!tokenMatches(token, candidate)) {
      options.log?.info('admin login refused');
      res.status(401).type('html').send(renderLogin(req.baseUrl, 'Token inválido.'));
      return;
    }
    const flags = { secure: cookieSecure(req, secure) };
    res.set('Set-Cookie', sessionCookie(sessions.create(), req.baseUrl || '/', flags));
    res.redirect(303, req.baseUrl || '/');
  });
  router.post('/logout', (req, res) => {
    const id = sessionIdOf(req);
    if (id) sessions.end(id);
    res.set('Set-Cookie', clearedCookie(req.baseUrl || '/', { secure: cookieSecure(req, secure) }));
    res.redirect(303, `${req.baseUrl}/login`);
  });
}

export function createAdminRouter(options: AdminRouterOptions): Router {
  const router = Router();
  router.use(securityHeaders);
  const { token } = options;
  if (token === undefined || token === '') {
    router.use((_req, res) => {
      res.status(404).type('text/plain').send('Not Found');
    });
    return router;
  }
  const sessions = new SessionStore(options.now);
  const assets = loadAssets();
  const ctx: LoadContext = {
    scrubber: options.scrubber,
    ...(options.log ? { log: options.log } : {}),
  };
  // Assets are not secret and the login form needs its CSS.
  router.get('/assets/:name', sendAsset(assets));
  loginRoutes(router, token, sessions, options);
  router.use(requireAuth(token, sessions));
  router.use('/api', adminApi(options.data, ctx));
  router.get('/', async (req, res) => {
    const page = await viewPage(req, options.data, ctx);
    options.onView?.(page.jiraCalls);
    res.type('html').send(options.scrubber.scrub(page.html));
  });
  router.use((_req, res) => {
    res.status(404).type('text/plain').send('não encontrado');
  });
  router.use(answerError(options));
  return router;
}

/** A body the login cannot read (too long, malformed) gets a pt-BR answer, never a stack. */
function answerError(options: AdminRouterOptions) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
    options.log?.warn({ err: options.scrubber.scrub(String(error)) }, 'admin request failed');
    res.status(code).type('html').send(renderLogin(req.baseUrl, 'Pedido inválido.'));
  };
}
