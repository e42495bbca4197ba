import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { MIN_SECRET_LENGTH, REDACTED, secretScrubber } from '../../src/domain/index.ts';

const TOKEN = 'tok+en/Zq8="x y';
const EMAIL = 'bot@scrub.example';

/** Each form computed here, not by the scrubber. */
function formsOf(secret: string): Record<string, string> {
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  return {
    raw: secret,
    'URL-encoded': encodeURIComponent(secret),
    'URL-encoded, lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) =>
      m.toLowerCase(),
    ),
    'form-encoded': new URLSearchParams({ a: secret }).toString().slice(2),
    'JSON-escaped': json(secret),
    'JSON-escaped twice': json(json(secret)),
  };
}

function basicFormsOf(user: string, password: string): Record<string, string> {
  const bytes = Buffer.from(`${user}:${password}`);
  const base64 = bytes.toString('base64');
  return {
    base64,
    'base64 unpadded': base64.replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    'base64 URL-encoded': encodeURIComponent(base64),
  };
}

describe('the secret scrubber', () => {
  const scrubber = secretScrubber({
    values: [TOKEN, 'webhook-secret-1'],
    basic: [{ user: EMAIL, password: TOKEN }],
  });

  it.each(Object.entries(formsOf(TOKEN)))('blanks a value %s', (_name, form) => {
    expect(scrubber.scrub(`before ${form} after`)).toBe(`before ${REDACTED} after`);
  });

  it.each(Object.entries(basicFormsOf(EMAIL, TOKEN)))(
    'blanks a Basic credential as %s',
    (_n, form) => {
      expect(scrubber.scrub(`Authorization: Basic ${form}.`)).toBe(
        `Authorization: Basic ${REDACTED}.`,
      );
    },
  );

  it('blanks every occurrence of every secret, the longest form first', () => {
    const longer = secretScrubber({ values: ['abcdefgh', 'abcdefgh-and-more'] });
    expect(longer.scrub('abcdefgh-and-more / abcdefgh / abcdefgh')).toBe(
      `${REDACTED} / ${REDACTED} / ${REDACTED}`,
    );
  });

  it(`leaves values shorter than ${MIN_SECRET_LENGTH} characters alone, counting them, but not their Basic form`, () => {
    const short = secretScrubber({
      values: ['short', undefined, ''],
      basic: [{ user: EMAIL, password: 'short' }],
    });
    expect(short.tooShort).toBe(1);
    expect(short.scrub('a short word')).toBe('a short word');
    const basic = Buffer.from(`${EMAIL}:short`).toString('base64');
    expect(short.scrub(`Basic ${basic}`)).toBe(`Basic ${REDACTED}`);
  });

  it('scrubs strings and keys of nested objects and arrays, without changing the input', () => {
    const input = { a: [{ [TOKEN]: `x ${TOKEN}` }], n: 3, ok: true, none: null };
    const copy = structuredClone(input);
    expect(scrubber.scrubValue(input)).toEqual({
      a: [{ [REDACTED]: `x ${REDACTED}` }],
      n: 3,
      ok: true,
      none: null,
    });
    expect(input).toEqual(copy);
    const cyclic: Record<string, unknown> = { text: TOKEN };
    cyclic.self = cyclic;
    expect((scrubber.scrubValue(cyclic) as { text: string }).text).toBe(REDACTED);
  });

  it('takes a value that cannot be URL-encoded (a lone surrogate) in its other forms', () => {
    const odd = secretScrubber({ values: ['\uD800-lone-surrogate'] });
    expect(odd.scrub('x \uD800-lone-surrogate y')).toBe(`x ${REDACTED} y`);
  });

  it('with no secrets changes nothing', () => {
    const none = secretScrubber({});
    const value = { text: 'anything' };
    expect(none.scrub('anything')).toBe('anything');
    expect(none.scrubValue(value)).toBe(value);
  });

  it('leaves no form of any secret in any text (property)', () => {
    const noBrackets = fc
      .string({ unit: 'grapheme', minLength: 0, maxLength: 20 })
      .map((text) => text.replace(/[[\]]/g, ''));
    fc.assert(
      fc.property(
        fc
          .string({ unit: 'binary', minLength: MIN_SECRET_LENGTH, maxLength: 30 })
          .filter((secret) => !/[[\]]/.test(secret) && !REDACTED.includes(secret)),
        noBrackets,
        noBrackets,
        fc.constantFrom(...Object.keys(formsOf('x'))),
        (secret, before, after, form) => {
          const forms = formsOf(secret);
          const output = secretScrubber({ values: [secret] }).scrub(
            `${before}${forms[form]}${after}`,
          );
          for (const value of Object.values(forms)) expect(output).not.toContain(value);
        },
      ),
    );
  });
});
