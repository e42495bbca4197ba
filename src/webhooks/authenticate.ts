import type { IncomingHttpHeaders } from 'node:http';
import type { Delivery } from './delivery.ts';
import { headerText, SIGNATURE_HEADER } from './headers.ts';
import type { SharedTokenOptions } from './receiver-types.ts';
import { parseSignatureHeader, tokenMatches, verifySignature } from './signature.ts';

/** The secrets and the shared token a delivery may prove itself with, checked once at start. */
export interface Credentials {
  secrets: readonly string[];
  /** the header name lower-cased, as node:http gives headers */
  sharedToken?: SharedTokenOptions;
  /** every credential value, to scrub from logged errors */
  secretValues: readonly string[];
}

export function credentialsFrom(options: {
  secrets: readonly string[];
  sharedToken?: SharedTokenOptions;
}): Credentials {
  const secrets = options.secrets.filter((secret) => secret !== '');
  const sharedToken = options.sharedToken
    ? { header: options.sharedToken.header.trim().toLowerCase(), token: options.sharedToken.token }
    : undefined;
  if (sharedToken && (sharedToken.header === '' || sharedToken.token === '')) {
    throw new TypeError('webhook sharedToken needs a header name and a non-empty token');
  }
  if (secrets.length === 0 && !sharedToken) {
    throw new TypeError(
      'the webhook receiver needs WEBHOOK_SECRETS or a shared token: unsigned deliveries are never accepted',
    );
  }
  return {
    secrets,
    ...(sharedToken ? { sharedToken } : {}),
    secretValues: sharedToken ? [...secrets, sharedToken.token] : secrets,
  };
}

export type Authentication = { via: Delivery['via'] } | { problem: string; hint: string };

/**
 * A signature by any of the secrets, or the shared token in its header. A failure says why for
 * the log only, with a hint for the admin.
 */
export function authenticate(
  raw: Buffer,
  headers: IncomingHttpHeaders,
  { secrets, sharedToken }: Credentials,
): Authentication {
  const signature = headerText(headers, SIGNATURE_HEADER);
  if (signature !== undefined && verifySignature(raw, signature, secrets)) {
    return { via: 'signature' };
  }
  if (carriesSharedToken(headers, { sharedToken })) return { via: 'token' };
  const token = sharedToken ? headerText(headers, sharedToken.header) : undefined;
  if (token !== undefined && signature === undefined) {
    return {
      problem: 'shared token mismatch',
      hint: `check that the Automation rule sends the token of WEBHOOK_SHARED_TOKEN in the ${sharedToken?.header} header`,
    };
  }
  const parsed = parseSignatureHeader(signature);
  return {
    problem: 'problem' in parsed ? `signature ${parsed.problem}` : 'signature mismatch',
    hint: 'check that the webhook secret in Jira matches WEBHOOK_SECRETS',
  };
}

/** The configured shared token in its header: known from the headers alone, before the body. */
export function carriesSharedToken(
  headers: IncomingHttpHeaders,
  { sharedToken }: Pick<Credentials, 'sharedToken'>,
): boolean {
  const token = sharedToken ? headerText(headers, sharedToken.header) : undefined;
  return sharedToken !== undefined && token !== undefined && tokenMatches(token, sharedToken.token);
}
