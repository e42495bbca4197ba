import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { parseInstant, type TimeZone } from '../../calendar/index.ts';
import { ConfigError, describeIssues } from '../../config/config-error.ts';
import { parsePeriod } from '../jira-time.ts';
import { seedSchema, type SandboxSeed } from './seed-schema.ts';

/** config/sandbox.yaml of this checkout, found from this module rather than the working directory. */
export const DEFAULT_SEED_FILE = fileURLToPath(
  new URL('../../../config/sandbox.yaml', import.meta.url),
);

/** Validates the text of a seed file; throws a ConfigError listing every problem by path. */
export function parseSeed(text: string, source: string): SandboxSeed {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const where = error.linePos?.[0];
        return `${where ? `line ${where.line}, column ${where.col}` : 'YAML'}: ${error.message.split('\n')[0]!}`;
      }),
    );
  }
  const data: unknown = document.toJS();
  const result = seedSchema.safeParse(data);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error.issues, data));
  return result.data;
}

export function loadSeedFile(path: string = DEFAULT_SEED_FILE): SandboxSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [
      code === 'ENOENT' ? 'file not found' : `cannot read it (${code})`,
    ]);
  }
  return parseSeed(text, path);
}

/** A seed instant (ISO date-time, or a period before `now` such as `-20d`) in epoch ms. */
export function resolveSeedInstant(text: string, now: number, zone: TimeZone): number {
  const period = parsePeriod(text);
  if (period !== undefined) return now + period;
  const instant = parseInstant(text, zone);
  if (instant === undefined) throw new Error(`not a seed instant: ${text}`);
  return instant;
}
