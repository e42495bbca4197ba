/** The request headers the receiver reads, and how it reads them. */
import type { IncomingHttpHeaders } from 'node:http';

export const IDENTIFIER_HEADER = 'x-atlassian-webhook-identifier';
export const RETRY_HEADER = 'x-atlassian-webhook-retry';
export const SIGNATURE_HEADER = 'x-hub-signature';

/** Jira's retry counter; anything unreadable counts as the first attempt. */
export function retryCount(text: string | undefined): number {
  if (text === undefined || !/^\d{1,6}$/.test(text)) return 0;
  return Number(text);
}

/** One header's text; repeated headers are treated as absent rather than guessed at. */
export function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value.trim() || undefined : undefined;
}

/** `application/json`, with or without a charset, and only UTF-8 (RFC 8259). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-8"?$/i.test(value.trim());
  });
}
