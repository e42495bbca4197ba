import type { RequestHandler } from 'express';
import type { Site } from '../site.ts';
import { JiraHttpError, sendError } from './errors.ts';

/**
 * Basic auth as Jira Cloud takes it: a user's email and an API token (the seed's `apiToken`, one
 * for everybody). The user becomes the actor of every change the request makes.
 */
export function basicAuth(site: Site): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon > 0 ? site.findUser(decoded.slice(0, colon)) : undefined;
    if (!user || decoded.slice(colon + 1) !== site.apiToken || !user.active) {
      res.set('WWW-Authenticate', 'Basic realm="sandbox-jira"');
      sendError(
        res,
        new JiraHttpError(401, [
          "Client must be authenticated to access this resource. Use Basic auth with a seeded user's email and the API token.",
        ]),
      );
      return;
    }
    res.locals.user = user;
    next();
  };
}

/** `Basic ...` for a user's email and token: for tests and clients. */
export function basicAuthHeader(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}
