import { projectsFileSchema, type ProjectsFile } from './projects-schema.ts';
import { parseYamlConfig, readConfigText } from './yaml-file.ts';

export const DEFAULT_PROJECTS_FILE = 'config/projects.yaml';

/** Validates the text of a projects file; throws a ConfigError listing every problem. */
export function parseProjectsFile(text: string, source: string): ProjectsFile {
  return parseYamlConfig(
    text,
    source,
    projectsFileSchema,
    'expected a mapping with a "projects" key',
  );
}

export function loadProjectsFile(path: string): ProjectsFile {
  return parseProjectsFile(readConfigText(path), path);
}
