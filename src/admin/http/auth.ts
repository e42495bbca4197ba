/**
 * Who may see /admin: the holder of the admin token, shown as `Authorization: Bearer <token>`
 * (scripts) or as a session cookie the login form sets. The cookie holds a random session id,
 * never the token, so a leaked cookie does not leak the token and logout really ends it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export const SESSION_COOKIE = 'admin_session';
/** A session lasts a working day; the map is bounded so a login loop cannot grow memory. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MAX_SESSIONS = 1000;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant time over equal-length digests, whatever the candidate's length. */
export function tokenMatches(token: string, candidate: string): boolean {
  return timingSafeEqual(digest(token), digest(candidate));
}

export class SessionStore {
  // Keyed by the id's digest: the map never holds what the cookie holds.
  private readonly sessions = new Map<string, number>();

  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  create(): string {
    const id = randomBytes(32).toString('base64url');
    this.prune();
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    this.sessions.set(digest(id).toString('hex'), this.now() + SESSION_TTL_MS);
    return id;
  }

  valid(id: string): boolean {
    const key = digest(id).toString('hex');
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires <= this.now()) {
      this.sessions.delete(key);
      return false;
    }
    return true;
  }

  end(id: string): void {
    this.sessions.delete(digest(id).toString('hex'));
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
  }
}

/** The session id in the request's Cookie header, if any (no cookie-parser needed for one). */
export function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || undefined;
  }
  return undefined;
}

export function bearerOf(req: Request): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim();
}

export function isAuthenticated(req: Request, token: string, sessions: SessionStore): boolean {
  const bearer = bearerOf(req);
  if (bearer !== undefined) return tokenMatches(token, bearer);
  const session = sessionIdOf(req);
  return session !== undefined && sessions.valid(session);
}

export interface CookieFlags {
  secure: boolean;
}

/**
 * 'auto' trusts req.secure (the service sets no `trust proxy`, so a client cannot fake https with
 * X-Forwarded-Proto), and the cookie stays usable over plain http on a laptop. The service passes
 * true when PUBLIC_URL is https: behind a TLS-terminating proxy the request arrives as http.
 */
export function cookieSecure(req: Request, setting: 'auto' | boolean): boolean {
  return setting === 'auto' ? req.secure : setting;
}

export function sessionCookie(id: string, base: string, flags: CookieFlags): string {
  const maxAge = Math.floor(SESSION_TTL_MS / 1000);
  const secure = flags.secure ? '; Secure' : '';
  return `${SESSION_COOKIE}=${id}; Path=${base}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
}

export function clearedCookie(base: string, flags: CookieFlags): string {
  const secure = flags.secure ? '; Secure' : '';
  return `${SESSION_COOKIE}=; Path=${base}; Max-Age=0; HttpOnly; SameSite=Strict${secure}`;
}
