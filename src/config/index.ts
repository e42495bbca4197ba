export { ConfigError } from './config-error.ts';
export {
  environmentSecrets,
  environmentWarnings,
  loadEnv,
  siteUrlOf,
  usesEmbeddedSandbox,
  type Env,
} from './env.ts';
export { isGatewayUrl, issueLink } from './jira-urls.ts';
export { DEFAULT_PROJECTS_FILE, loadProjectsFile, parseProjectsFile } from './load-projects.ts';
export {
  DEFAULT_TEMPLATES,
  projectsFileSchema,
  type ProjectConfig,
  type ProjectsFile,
  type ProjectStatuses,
  type Schedules,
  TRANSITION_TARGETS,
  type TransitionConfig,
  type TransitionTarget,
} from './projects-schema.ts';
export { projectCalendar } from './project-calendar.ts';
export { renderTemplate, TEMPLATE_PLACEHOLDERS, type TemplatePlaceholder } from './templates.ts';
export { parseYamlConfig, readConfigText } from './yaml-file.ts';
