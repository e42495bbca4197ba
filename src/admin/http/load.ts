/**
 * Reading a section without letting its failure fail the page or leak a secret: every value and
 * every error message passes the scrubber before anything renders it.
 */
import type { Logger } from 'pino';
import type { SecretScrubber } from '../../domain/index.ts';
import { AdminInputError } from '../admin-model.ts';
import type { Loaded } from './parts.ts';

export interface LoadContext {
  scrubber: SecretScrubber;
  log?: Logger;
}

export function errorMessage(error: unknown, scrubber: SecretScrubber): string {
  return scrubber.scrub(error instanceof Error ? error.message : String(error));
}

/** The section's pt-BR error: a bad request says what was wrong, anything else that Jira (or the service) failed. */
function pageMessage(section: string, error: unknown, scrubber: SecretScrubber): string {
  const detail = errorMessage(error, scrubber);
  if (error instanceof AdminInputError) return `Pedido inválido: ${detail}`;
  return `Não foi possível carregar “${section}”: o Jira não respondeu ou houve um erro (${detail}). As outras seções continuam valendo.`;
}

export async function load<T>(
  section: string,
  read: () => T | Promise<T>,
  ctx: LoadContext,
): Promise<Loaded<T>> {
  try {
    return { ok: true, value: ctx.scrubber.scrubValue(await read()) };
  } catch (error) {
    if (!(error instanceof AdminInputError)) {
      ctx.log?.warn({ section, err: errorMessage(error, ctx.scrubber) }, 'admin section failed');
    }
    return { ok: false, message: pageMessage(section, error, ctx.scrubber) };
  }
}

/** ?page=N as a positive integer (anything else is page 1: a typo is not an error page). */
export function pageOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 ? n : 1;
}

export function queryText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 100) : '';
}
