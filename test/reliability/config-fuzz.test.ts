/**
 * Config fuzzing: a broken projects file (truncated at every few bytes, characters flipped, deleted
 * or inserted, values of the wrong type) is either a complete valid configuration or a ConfigError
 * that lists its problems: never another exception, never half a configuration. `config check` on
 * such a file exits 1 with the problems and no stack.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runCli } from '../../src/cli/main.ts';
import { ConfigError, parseProjectsFile, projectsFileSchema } from '../../src/config/index.ts';

const ORIGINAL = readFileSync(
  fileURLToPath(new URL('../../config/projects.yaml', import.meta.url)),
);
const TEXT = ORIGINAL.toString('utf8');
const SOURCE = 'fuzzed.yaml';

const directory = mkdtempSync(join(tmpdir(), 'config-fuzz-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

type Verdict = { valid: true } | { valid: false; problems: string[] };

/**
 * The property every input must satisfy: a configuration that validates again as it is (nothing
 * missing, nothing half-built), or a ConfigError with at least one problem, each in its message.
 */
function check(text: string): Verdict {
  let config: unknown;
  try {
    config = parseProjectsFile(text, SOURCE);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw new Error(`not a ConfigError: ${String(error)}\n--- input ---\n${text}`);
    }
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.message.startsWith(`${SOURCE} is not valid:\n`)).toBe(true);
    for (const problem of error.problems) expect(error.message).toContain(`  - ${problem}`);
    expect(error.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
    return { valid: false, problems: error.problems };
  }
  const again = projectsFileSchema.safeParse(config);
  expect(again.success).toBe(true);
  expect(again.data).toEqual(config);
  return { valid: true };
}

/** Characters that matter to YAML, and some that matter to everyone else. */
const YAML_CHARS = [
  ':',
  '-',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '#',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '|',
  '>',
  '!',
  '!!',
  '%',
  '@',
  '`',
  '?',
  '~',
  '0',
  '9',
  'x',
  'A',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\u202E',
  '😀',
  'ç',
  '–',
];
/** Anchors and aliases: excluded from the general fuzz, see the alias test at the end. */
const ALIAS_CHARS = ['*', '&'];

interface Edit {
  at: number;
  op: 'delete' | 'replace' | 'insert';
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const edit of edits) {
    const at = edit.at % (out.length + 1);
    if (edit.op === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.op === 'delete') out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + edit.text + out.slice(at + 1);
  }
  return out;
}

const edits = (chars: string[]) =>
  fc.array(
    fc.record({
      at: fc.nat(),
      op: fc.constantFrom<Edit['op']>('delete', 'replace', 'insert'),
      text: fc.oneof(fc.constantFrom(...chars), fc.string({ unit: 'binary', maxLength: 3 })),
    }),
    { minLength: 1, maxLength: 6 },
  );

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  }
  return paths;
}

const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    '',
    0,
    -1,
    1.5,
    Number.POSITIVE_INFINITY,
    Number.MAX_VALUE,
    Number.NaN,
    true,
    [],
    {},
    'Fechado',
    '0 2 * * *',
    'BR-XX',
    'Mars/Olympus',
    '{{issueKey}} {{nope}}',
    '2026-02-30',
  ),
  fc.date({ noInvalidDate: true }),
);

/** `config check` through the CLI's entry function, with captured output. */
async function configCheck(file: string, json = false) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['config', 'check', '--file', file, ...(json ? ['--json'] : [])], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: {},
  });
  return { code, stdout, stderr };
}

let fileCount = 0;
function writeTemp(content: string | Buffer): string {
  const file = join(directory, `projects-${fileCount++}.yaml`);
  writeFileSync(file, content);
  return file;
}

describe('a broken projects file is rejected with its problems, never half loaded', () => {
  it('the original file is valid (the baseline of every mutation below)', () => {
    expect(check(TEXT)).toEqual({ valid: true });
  });

  it('truncated at every 3rd byte offset (cutting UTF-8 characters too): a valid file or a ConfigError', () => {
    const verdicts = { valid: 0, invalid: 0 };
    for (let offset = 0; offset < ORIGINAL.length; offset += 3) {
      const verdict = check(ORIGINAL.subarray(0, offset).toString('utf8'));
      verdicts[verdict.valid ? 'valid' : 'invalid']++;
    }
    // Both happen: a cut inside a status or the project key loses something required, while a cut
    // in the optional tail (templates, reminder, schedules) leaves a smaller file that is complete
    // with the schema's defaults (see the report: a truncated file can load with defaults).
    expect(verdicts.invalid).toBeGreaterThan(100);
    expect(verdicts.valid).toBeGreaterThan(0);
  });

  it('characters flipped, deleted or inserted anywhere (fast-check): a valid file or a ConfigError', () => {
    let invalid = 0;
    fc.assert(
      fc.property(edits(YAML_CHARS), (changes) => {
        if (!check(applyEdits(TEXT, changes)).valid) invalid++;
      }),
      { numRuns: 300, seed: 2026 },
    );
    expect(invalid).toBeGreaterThan(30);
  });

  it('values of the wrong type, unknown keys and removed keys anywhere (fast-check): a valid file or a ConfigError naming the path', () => {
    const original = parseYaml(TEXT) as Record<string, unknown>;
    const paths = pathsOf(original).filter((p) => p.length > 0);
    const change = fc.record({
      path: fc.constantFrom(...paths),
      op: fc.constantFrom('replace', 'delete', 'add-key'),
      value: wrongValue,
      key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('validaton', 'SUP', 'x-y')),
    });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
        const data = structuredClone(original);
        for (const { path, op, value, key } of changes) {
          let parent: unknown = data;
          for (const segment of path.slice(0, -1)) {
            parent = (parent as Record<string | number, unknown> | undefined)?.[segment];
          }
          if (parent === null || typeof parent !== 'object') continue;
          const record = parent as Record<string | number, unknown>;
          const last = path.at(-1)!;
          if (op === 'replace') record[last] = value;
          else if (op === 'delete') delete record[last];
          else if (record[last] !== null && typeof record[last] === 'object') {
            (record[last] as Record<string, unknown>)[key] = value;
          }
        }
        const verdict = check(stringifyYaml(data));
        if (!verdict.valid) {
          // Every problem names where it is (or the YAML position).
          for (const problem of verdict.problems) expect(problem).toMatch(/^[^:]+: ./);
        }
      }),
      { numRuns: 300, seed: 14_759 },
    );
  });

  it('`config check` on broken files exits 1 and lists the problems, with no stack trace; --json prints one document', async () => {
    const broken: Array<string | Buffer> = [];
    for (let offset = 1; offset < ORIGINAL.length; offset += 37) {
      const truncated = ORIGINAL.subarray(0, offset);
      if (!check(truncated.toString('utf8')).valid) broken.push(truncated);
    }
    fc.sample(edits(YAML_CHARS), { numRuns: 200, seed: 99 }).forEach((changes) => {
      const text = applyEdits(TEXT, changes);
      if (!check(text).valid && broken.length < 80) broken.push(text);
    });
    broken.push('projects:\n  SUP:\n    statuses: 5\n', '', '\u0000\u0000', 'projects: [SUP]\n');

    for (const content of broken) {
      const file = writeTemp(content);
      const text = await configCheck(file);
      expect({ file, code: text.code }).toEqual({ file, code: 1 });
      expect(text.stdout).toBe('');
      expect(text.stderr).toContain(`${file} is not valid:\n  - `);
      expect(text.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|Error:/);

      const json = await configCheck(file, true);
      expect(json.code).toBe(1);
      const document = JSON.parse(json.stdout) as { valid: boolean; problems: string[] };
      expect(document.valid).toBe(false);
      expect(document.problems.length).toBeGreaterThan(0);
    }
    expect((await configCheck(writeTemp(ORIGINAL))).code).toBe(0);
  });

  it('YAML aliases (an alias to a missing anchor, or an alias bomb) are a ConfigError too', async () => {
    const unresolved = TEXT.replace('region: BR-SP-SP', 'region: *region');
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'projects: *d',
      '',
    ].join('\n');
    for (const text of [unresolved, bomb]) {
      expect(() => check(text)).not.toThrow();
      const cli = await configCheck(writeTemp(text)).catch((error: unknown) => ({
        code: -1,
        stdout: '',
        stderr: String(error),
      }));
      expect(cli.code).toBe(1);
    }
    // The fuzz finds the first one with a single inserted '*'.
    fc.assert(
      fc.property(edits([...YAML_CHARS, ...ALIAS_CHARS, '*x', '&x']), (changes) => {
        check(applyEdits(TEXT, changes));
      }),
      { numRuns: 300, seed: 2026 },
    );
  });
});
