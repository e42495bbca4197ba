/**
 * Authentication of webhook deliveries: the admin webhook's `X-Hub-Signature` (HMAC-SHA256 of the
 * raw body) and the shared token Jira Automation's "Send web request" can carry in a header.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only method Jira Cloud signs with. */
const SIGNATURE_METHOD = 'sha256';
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** `sha256=<hex>`: the value Jira puts in X-Hub-Signature for this body and secret. */
export function signBody(body: string | Buffer, secret: string): string {
  return `${SIGNATURE_METHOD}=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Why a signature header cannot be checked at all, for the receiver's log line (never the value). */
export type SignatureHeaderProblem = 'missing' | 'malformed' | 'unsupported method';

/** The digest a header carries, or why it carries none. */
export function parseSignatureHeader(
  header: string | undefined,
): { digest: Buffer } | { problem: SignatureHeaderProblem } {
  if (header === undefined || header.trim() === '') return { problem: 'missing' };
  const separator = header.indexOf('=');
  if (separator <= 0) return { problem: 'malformed' };
  const method = header.slice(0, separator).trim().toLowerCase();
  const hex = header.slice(separator + 1).trim();
  if (method !== SIGNATURE_METHOD) return { problem: 'unsupported method' };
  if (!SHA256_HEX.test(hex)) return { problem: 'malformed' };
  return { digest: Buffer.from(hex, 'hex') };
}

/**
 * True when `header` is `sha256=<hex>` of `raw` under any of `secrets` (current first, the rest
 * accepted during rotation). Every secret is tried, so the time taken does not say which matched.
 */
export function verifySignature(
  raw: string | Buffer,
  header: string | undefined,
  secrets: readonly string[],
): boolean {
  const parsed = parseSignatureHeader(header);
  if (!('digest' in parsed)) return false;
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(raw).digest();
    // timingSafeEqual throws on different lengths; the header parser already fixed it to 32 bytes.
    if (expected.length === parsed.digest.length && timingSafeEqual(expected, parsed.digest)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Constant-time comparison of a received shared token with the configured one. Both are hashed
 * first so that the comparison takes the same time whatever the received length.
 */
export function tokenMatches(received: string | undefined, expected: string): boolean {
  if (received === undefined || expected === '') return false;
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
