import type { Request, Response } from 'express';
import type { User } from '../model.ts';
import { badRequest, JiraHttpError } from './errors.ts';

/** The site URL as the caller reached it: `self` links point back there. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The authenticated caller (set by the Basic auth middleware). */
export function caller(res: Response): User {
  return res.locals.user as User;
}

export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable, comma-separated parameter (`fields=a,b&fields=c`). */
export function queryList(req: Request, name: string): string[] {
  const value = req.query[name];
  const values = Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? [value]
      : [];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

export function queryInteger(req: Request, name: string, fallback: number): number {
  const text = queryString(req, name);
  return text === undefined || text === '' ? fallback : integer(text, name);
}

export function integer(value: unknown, name: string): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw badRequest(`The '${name}' parameter must be a whole number, got '${String(value)}'.`);
  }
  return number;
}

/** Jira answers 415 to a write without a JSON content type. */
export function jsonBody(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new JiraHttpError(415, ['Unsupported Media Type: send Content-Type: application/json.']);
  }
  return req.body;
}

export function jsonObject(req: Request): Record<string, unknown> {
  const body = jsonBody(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
