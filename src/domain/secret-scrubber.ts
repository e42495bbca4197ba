/**
 * The one scrubber of secrets from output: logs, command output, HTTP answers and Jira's error
 * bodies all pass through one built at start from every secret the process holds. A secret is
 * blanked in each form it travels in, because an error that quotes a request quotes it encoded:
 * raw, URL-encoded (percent-encoding in either case, and form encoding), JSON-escaped once or
 * twice (a JSON body quoted inside a log line); a Basic credential also as the base64 of
 * `user:password` (padded, unpadded, base64url, and each URL-encoded).
 */

export const REDACTED = '[redacted]';

/**
 * Shorter values are not scrubbed by value: blanking every "test" or "1234" would garble output
 * and still protect nothing (such a secret is guessed, not leaked). The Basic form of a short
 * token is still scrubbed: `user:token` in base64 is long and distinctive.
 */
export const MIN_SECRET_LENGTH = 8;

export interface BasicCredentials {
  user: string;
  password: string;
}

export interface SecretSources {
  /** secret values: API tokens, webhook secrets, shared tokens (undefined and '' are skipped) */
  values?: readonly (string | undefined)[];
  /** credentials sent as `Authorization: Basic base64(user:password)` */
  basic?: readonly BasicCredentials[];
}

export interface SecretScrubber {
  /** the text with every form of every secret replaced by [redacted] */
  scrub(text: string): string;
  /** a copy of arrays and plain objects with their strings (keys too) scrubbed; others as they are */
  scrubValue<T>(value: T): T;
  /** the values too short to scrub (how many: the caller warns, naming the setting, not the value) */
  readonly tooShort: number;
}

export function secretScrubber(sources: SecretSources): SecretScrubber {
  const values = [...new Set((sources.values ?? []).filter((v): v is string => !!v))];
  const tooShort = values.filter((value) => value.length < MIN_SECRET_LENGTH).length;
  const forms = new Set([
    ...values.filter((value) => value.length >= MIN_SECRET_LENGTH).flatMap(valueForms),
    ...(sources.basic ?? []).flatMap(basicForms),
  ]);
  const pattern =
    forms.size === 0
      ? undefined
      : new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length) // the longest form wins where forms overlap
            .map(patternOf)
            .join('|'),
          'g',
        );
  const scrub = (text: string) => (pattern ? text.replace(pattern, REDACTED) : text);
  return {
    scrub,
    scrubValue: <T>(value: T) => (pattern ? (scrubDeep(value, scrub, new WeakSet()) as T) : value),
    tooShort,
  };
}

/** Scrubs nothing: for parts built without secrets (tests, the sandbox). */
export const NO_SECRETS: SecretScrubber = secretScrubber({});

function valueForms(secret: string): string[] {
  // A lone surrogate cannot be URL-encoded (and cannot travel in a URL either).
  const encoded = [secret, ...attempt(() => [encodeURIComponent(secret), formEncoded(secret)])];
  return encoded.flatMap((form) => [form, jsonEscaped(form), jsonEscaped(jsonEscaped(form))]);
}

function basicForms({ user, password }: BasicCredentials): string[] {
  const pair = `${user}:${password}`;
  if (password === '' || pair.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(pair);
  const base64 = bytes.toString('base64');
  // base64 uses no character JSON escapes; URL encoding changes + / =.
  return [base64, base64.replace(/=+$/, ''), bytes.toString('base64url')].flatMap((form) => [
    form,
    encodeURIComponent(form),
  ]);
}

function attempt(forms: () => string[]): string[] {
  try {
    return forms();
  } catch {
    return [];
  }
}

function formEncoded(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** The form as a literal pattern; percent-escapes match in either case (%2f and %2F). */
function patternOf(form: string): string {
  return form
    .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    .replace(
      /%([0-9A-F])([0-9A-F])/g,
      (_m, high: string, low: string) => `%${eitherCase(high)}${eitherCase(low)}`,
    );
}

function eitherCase(hex: string): string {
  return /[A-F]/.test(hex) ? `[${hex}${hex.toLowerCase()}]` : hex;
}

function scrubDeep(
  value: unknown,
  scrub: (text: string) => string,
  seen: WeakSet<object>,
): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => scrubDeep(item, scrub, seen));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  seen.add(value);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [scrub(key), scrubDeep(item, scrub, seen)]),
  );
}
