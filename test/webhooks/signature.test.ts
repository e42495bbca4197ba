import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  parseSignatureHeader,
  signBody,
  tokenMatches,
  verifySignature,
} from '../../src/webhooks/index.ts';

describe('webhook signatures', () => {
  it('sign the published HMAC-SHA256 test vector exactly as Jira does', () => {
    expect(signBody('Hello World!', "It's a Secret to Everybody")).toBe(
      'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9',
    );
    expect(signBody(Buffer.from('Hello World!'), "It's a Secret to Everybody")).toBe(
      'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9',
    );
  });

  it('verify the published test vector over the raw bytes', () => {
    expect(
      verifySignature(
        Buffer.from('Hello World!'),
        'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9',
        ["It's a Secret to Everybody"],
      ),
    ).toBe(true);
  });

  it('accept a signature under any configured secret, the rotated one included', () => {
    const header = signBody('{"a":1}', 'old');
    expect(verifySignature('{"a":1}', header, ['new', 'old'])).toBe(true);
    expect(verifySignature('{"a":1}', header, ['new'])).toBe(false);
  });

  it('accept an upper-case method and hex digits', () => {
    const header = signBody('{}', 's');
    expect(verifySignature('{}', `SHA256=${header.slice(7).toUpperCase()}`, ['s'])).toBe(true);
  });

  it('reject a body altered after signing', () => {
    expect(verifySignature('{"a":2}', signBody('{"a":1}', 's'), ['s'])).toBe(false);
  });

  it('reject a missing, malformed or truncated header without throwing', () => {
    const good = signBody('{}', 's');
    for (const header of [undefined, '', 'sha256', 'sha256=', 'sha256=xyz', good.slice(0, -2)]) {
      expect(verifySignature('{}', header, ['s'])).toBe(false);
    }
  });

  it('reject other signature methods, even with a correct digest for that method', () => {
    const sha1 = createHmac('sha1', 's').update('{}').digest('hex');
    expect(verifySignature('{}', `sha1=${sha1}`, ['s'])).toBe(false);
    expect(parseSignatureHeader(`sha1=${sha1}`)).toEqual({ problem: 'unsupported method' });
  });

  it('tell a missing header from a malformed one, for the log line only', () => {
    expect(parseSignatureHeader(undefined)).toEqual({ problem: 'missing' });
    expect(parseSignatureHeader('=abc')).toEqual({ problem: 'malformed' });
    expect(parseSignatureHeader('sha256=abc')).toEqual({ problem: 'malformed' });
    expect('digest' in parseSignatureHeader(signBody('x', 'y'))).toBe(true);
  });

  it('reject everything when no secret is configured', () => {
    expect(verifySignature('{}', signBody('{}', ''), [])).toBe(false);
  });

  it('compare shared tokens of any length without throwing', () => {
    expect(tokenMatches('tok-123', 'tok-123')).toBe(true);
    expect(tokenMatches('tok-124', 'tok-123')).toBe(false);
    expect(tokenMatches('tok', 'tok-123')).toBe(false);
    expect(tokenMatches('a much longer token than configured', 'tok-123')).toBe(false);
    expect(tokenMatches(undefined, 'tok-123')).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
  });
});
