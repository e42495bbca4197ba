import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError, describeIssues } from './config-error.ts';
import { projectsFileSchema, type ProjectsFile } from './projects-schema.ts';

export const DEFAULT_PROJECTS_FILE = 'config/projects.yaml';

/** Validates the text of a projects file; throws a ConfigError listing every problem. */
export function parseProjectsFile(text: string, source: string): ProjectsFile {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const where = error.linePos?.[0];
        const at = where ? `line ${where.line}, column ${where.col}` : 'YAML';
        return `${at}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(source, ['(top level): expected a mapping with a "projects" key']);
  }
  const result = projectsFileSchema.safeParse(data);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error.issues, data));
  return result.data;
}

export function loadProjectsFile(path: string): ProjectsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? String(error)})`;
    throw new ConfigError(path, [reason]);
  }
  return parseProjectsFile(text, path);
}
