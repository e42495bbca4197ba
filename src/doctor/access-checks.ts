/** The bot's standing in each project: its permissions, and whether its comments reach the customer. */
import { readFailure, type Check } from './checks.ts';
import type { ProjectFacts } from './facts.ts';

/** What each permission is for, and where an admin grants it. */
const PERMISSION_USES: Record<string, { name: string; use: string; global?: boolean }> = {
  BROWSE_PROJECTS: { name: 'Browse Projects', use: 'read and search the issues' },
  ADD_COMMENTS: { name: 'Add Comments', use: 'post reminders and closing notes' },
  TRANSITION_ISSUES: { name: 'Transition Issues', use: 'move, reopen and close issues' },
  ASSIGN_ISSUES: { name: 'Assign Issues', use: 'assign a reply back to the analyst' },
  EDIT_ISSUES: { name: 'Edit Issues', use: "set the transitions' fields (Resolution)" },
  USER_PICKER: {
    name: 'Browse users and groups',
    use: 'read the groups that tell analysts from the customer',
    global: true,
  },
};

export function permissionsCheck(project: ProjectFacts): Check {
  const name = `${project.key}: permissions`;
  const base = { name, severity: 'error' as const };
  if ('error' in project.permissions) {
    return {
      ...base,
      ok: false,
      detail: readFailure('GET /rest/api/3/mypermissions', project.permissions.error),
      fix: 'check the connection and the project key',
    };
  }
  const granted = project.permissions.value;
  const missing = Object.keys(PERMISSION_USES).filter((key) => granted[key] !== true);
  if (missing.length === 0) {
    return { ...base, ok: true, detail: 'the bot holds every permission it uses', fix: '' };
  }
  const project_ = missing.filter((key) => !PERMISSION_USES[key]!.global);
  const global = missing.filter((key) => PERMISSION_USES[key]!.global);
  const fixes = [
    ...(project_.length
      ? [
          `grant the bot ${project_.map((k) => `"${PERMISSION_USES[k]!.name}"`).join(', ')} in ${project.key}'s permission scheme (Project settings → Permissions)`,
        ]
      : []),
    ...(global.length
      ? [
          `grant it the global permission ${global.map((k) => `"${PERMISSION_USES[k]!.name}"`).join(', ')} (Settings → System → Global permissions)`,
        ]
      : []),
  ];
  return {
    ...base,
    ok: false,
    detail: `the bot lacks ${missing.map((k) => `${k} (to ${PERMISSION_USES[k]!.use})`).join(', ')}`,
    fix: fixes.join('; '),
  };
}

export function serviceDeskCheck(project: ProjectFacts): Check {
  const name = `${project.key}: service desk agent`;
  const facts = project.serviceDesk;
  if ('error' in facts) {
    return {
      name,
      ok: false,
      severity: 'warning',
      detail: `the JSM API did not answer: ${facts.error}`,
      fix: 'check in Jira that the bot holds a Jira Service Management agent licence',
    };
  }
  if (!facts.value) {
    return {
      name,
      ok: false,
      severity: 'warning',
      detail: `${project.key} is not a Jira Service Management service desk the bot can see`,
      fix: 'for a JSM project, give the bot a JSM agent licence and add it to the project as an agent',
    };
  }
  if (!facts.value.agent) {
    return {
      name,
      ok: false,
      severity: 'error',
      detail: `the bot is not an agent of service desk ${facts.value.id}: its comments are internal and the customer never sees a reminder`,
      fix: `give the bot a Jira Service Management agent licence (admin.atlassian.com → Products) and add it to ${project.key} as an agent (Project settings → People)`,
    };
  }
  return {
    name,
    ok: true,
    severity: 'error',
    detail: `service desk ${facts.value.id}; the bot is an agent`,
    fix: '',
  };
}
