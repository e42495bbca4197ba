import { fileURLToPath } from 'node:url';
import { parseInstant, type TimeZone } from '../../calendar/index.ts';
import { parseYamlConfig, readConfigText } from '../../config/yaml-file.ts';
import { parsePeriod } from '../jira-time.ts';
import { seedSchema, type SandboxSeed } from './seed-schema.ts';

/** config/sandbox.yaml of this checkout, found from this module rather than the working directory. */
export const DEFAULT_SEED_FILE = fileURLToPath(
  new URL('../../../config/sandbox.yaml', import.meta.url),
);

/** Validates the text of a seed file; throws a ConfigError listing every problem by path. */
export function parseSeed(text: string, source: string): SandboxSeed {
  return parseYamlConfig(text, source, seedSchema);
}

export function loadSeedFile(path: string = DEFAULT_SEED_FILE): SandboxSeed {
  return parseSeed(readConfigText(path), path);
}

/** A seed instant (ISO date-time, or a period before `now` such as `-20d`) in epoch ms. */
export function resolveSeedInstant(text: string, now: number, zone: TimeZone): number {
  const period = parsePeriod(text);
  if (period !== undefined) return now + period;
  const instant = parseInstant(text, zone);
  if (instant === undefined) throw new Error(`not a seed instant: ${text}`);
  return instant;
}
