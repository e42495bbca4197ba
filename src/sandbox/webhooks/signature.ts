import { createHmac } from 'node:crypto';

/** `X-Hub-Signature` of an admin webhook with a secret: HMAC-SHA256 of the raw body, in hex. */
export function hubSignature(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
