import { z } from 'zod';
import { parseInstant, timeZone, TimeZone } from '../../calendar/index.ts';
import { parsePeriod } from '../jira-time.ts';
import { isScreenField, SCREEN_FIELDS } from '../screen-fields.ts';

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

/** Jira writes ids as strings; YAML authors write 10001 unquoted. */
const id = z.union([nonEmpty, z.number().int().nonnegative()]).transform(String);

/**
 * An instant in the seed: an ISO date-time (no offset means the site's wall clock) or a period
 * before the moment of seeding (`-20d`, `-3h`, `-1w 2d`), so demo issues stay "overdue" or "not
 * yet due" whenever the demo runs.
 */
const when = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString() : value),
  z.string().refine((text) => parsePeriod(text) !== undefined || isInstant(text), {
    error: 'expected an ISO date-time (2026-02-13T17:00:00-03:00) or a period such as -20d or -3h',
  }),
);

function isInstant(text: string): boolean {
  return parseInstant(text, timeZone('UTC')) !== undefined;
}

export const seedUser = z.strictObject({
  email: z.email({ error: 'expected an email address' }),
  accountId: nonEmpty.max(128),
  displayName: nonEmpty,
  accountType: z.enum(['atlassian', 'app', 'customer']).default('atlassian'),
  active: z.boolean().default(true),
  timeZone: z
    .string()
    .default('America/Sao_Paulo')
    .refine(TimeZone.isValid, { error: 'expected an IANA time zone' }),
  groups: z.array(nonEmpty).default([]),
  siteAdmin: z.boolean().default(false),
  /** profile visibility "Only you": comment webhooks leave out accountType, GET /user the email */
  privateProfile: z.boolean().default(false),
  /** the permission keys GET /mypermissions grants, in every project (site-check-routes.ts) */
  permissions: z.array(nonEmpty).default([]),
  /** holds a JSM agent licence and is an agent of every service desk */
  serviceDeskAgent: z.boolean().default(false),
});

const status = z.strictObject({
  id,
  name: nonEmpty,
  category: z.enum(['new', 'indeterminate', 'done'], {
    error: 'expected one of new, indeterminate, done (Jira status categories)',
  }),
  description: z.string().default(''),
});

const transition = z.strictObject({
  id,
  name: nonEmpty,
  /** status names; `any` makes a global transition */
  from: z.union([z.literal('any'), z.array(nonEmpty).min(1)]),
  to: nonEmpty,
  /** the fields the transition's screen shows: only these may be sent with it */
  screen: z.array(nonEmpty).default([]),
  /** screen fields the request must send (Jira's "Field X is required.") */
  required: z.array(nonEmpty).default([]),
  /** a post-function: the transition sets this resolution */
  resolution: nonEmpty.optional(),
  /** a post-function: the transition clears the resolution */
  clearResolution: z.boolean().default(false),
});

export const seedOrganization = z.strictObject({
  id,
  name: nonEmpty,
  members: z.array(z.email()).default([]),
});

export const seedIssue = z.strictObject({
  project: nonEmpty.optional(),
  issueType: nonEmpty.optional(),
  summary: nonEmpty,
  description: z.string().optional(),
  reporter: z.email(),
  assignee: z.email().nullable().default(null),
  priority: nonEmpty.optional(),
  labels: z.array(nonEmpty).default([]),
  /** JSM request participants (emails) */
  participants: z.array(z.email()).default([]),
  /** the JSM organizations the request is shared with (names) */
  organizations: z.array(nonEmpty).default([]),
  created: when,
  /** each entry moves the issue into `status` at `at`, done by `by` (oldest first) */
  history: z
    .array(
      z.strictObject({
        status: nonEmpty,
        at: when,
        by: z.email(),
        /** the resolution the step sets (a name), or null to clear it; absent: unchanged */
        resolution: nonEmpty.nullable().optional(),
      }),
    )
    .default([]),
  comments: z
    .array(
      z.strictObject({
        by: z.email(),
        at: when,
        body: nonEmpty,
        internal: z.boolean().default(false),
        /** came in by e-mail: Jira says whether the sender is part of the request */
        viaEmail: z.boolean().default(false),
        /** comment properties (Jira's EntityProperty), set when the comment is created */
        properties: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .default([]),
  properties: z.record(z.string(), z.unknown()).default({}),
});

const seedShape = z.strictObject({
  site: z
    .strictObject({
      timeZone: z
        .string()
        .default('America/Sao_Paulo')
        .refine(TimeZone.isValid, { error: 'expected an IANA time zone' }),
      apiToken: nonEmpty.default('sandbox'),
      /** how long a write stays invisible to JQL search (real ms); Jira's search lags too */
      searchLagMs: z.number().int().min(0).max(60_000).default(2000),
    })
    .prefault({}),
  groups: z.array(z.strictObject({ name: nonEmpty, groupId: nonEmpty })).default([]),
  users: z.array(seedUser).min(1, { error: 'declare at least one user' }),
  /** JSM customer organizations and their members (emails) */
  organizations: z.array(seedOrganization).default([]),
  statuses: z.array(status).min(1, { error: 'declare at least one status' }),
  resolutions: z
    .array(z.strictObject({ id, name: nonEmpty, description: z.string().default('') }))
    .min(1),
  /** the first one is the default priority of new issues */
  priorities: z.array(z.strictObject({ id, name: nonEmpty })).min(1),
  projects: z
    .array(
      z.strictObject({
        id,
        key: z
          .string()
          .regex(/^[A-Z][A-Z0-9_]{1,9}$/, { error: 'expected a project key such as SUP' }),
        name: nonEmpty,
        /** the project is a JSM service desk with this id */
        serviceDeskId: id.optional(),
        issueTypes: z
          .array(z.strictObject({ id, name: nonEmpty, description: z.string().default('') }))
          .min(1),
      }),
    )
    .min(1),
  workflow: z.strictObject({
    initialStatus: nonEmpty,
    transitions: z.array(transition).min(1),
  }),
  issues: z.array(seedIssue).default([]),
});

export const seedSchema = seedShape.check((ctx) => {
  checkSeed(ctx.value, (path, message) =>
    ctx.issues.push({ code: 'custom', path, message, input: undefined }),
  );
});

type Problem = (path: PropertyKey[], message: string) => void;

/**
 * What a schema cannot see field by field: duplicates and names that must refer to something
 * declared (a user, a status, a group). Also run over a seed with its demo file appended.
 */
export function checkSeed(seed: z.output<typeof seedShape>, problem: Problem): void {
  duplicates(seed.users, (u) => u.email.toLowerCase(), ['users'], 'email', problem);
  duplicates(seed.users, (u) => u.accountId, ['users'], 'accountId', problem);
  duplicates(seed.statuses, (s) => s.id, ['statuses'], 'id', problem);
  duplicates(seed.statuses, (s) => s.name.toLowerCase(), ['statuses'], 'name', problem);
  duplicates(seed.projects, (p) => p.key, ['projects'], 'key', problem);
  duplicates(seed.projects, (p) => p.id, ['projects'], 'id', problem);
  duplicates(seed.workflow.transitions, (t) => t.id, ['workflow', 'transitions'], 'id', problem);

  const groups = new Set(seed.groups.map((g) => g.name));
  seed.users.forEach((u, i) =>
    u.groups.forEach((g, j) => {
      if (!groups.has(g)) problem(['users', i, 'groups', j], `unknown group ${g}`);
    }),
  );
  const statuses = new Set(seed.statuses.map((s) => s.name));
  const statusKnown = (name: string, path: PropertyKey[]) => {
    if (!statuses.has(name)) problem(path, `unknown status "${name}"`);
  };
  statusKnown(seed.workflow.initialStatus, ['workflow', 'initialStatus']);
  const resolutions = new Set(seed.resolutions.map((r) => r.name));
  seed.workflow.transitions.forEach((t, i) => {
    const path = ['workflow', 'transitions', i];
    if (t.from !== 'any') t.from.forEach((name, j) => statusKnown(name, [...path, 'from', j]));
    statusKnown(t.to, [...path, 'to']);
    if (t.resolution !== undefined && !resolutions.has(t.resolution)) {
      problem([...path, 'resolution'], `unknown resolution "${t.resolution}"`);
    }
    if (t.resolution !== undefined && t.clearResolution) {
      problem(
        [...path, 'clearResolution'],
        'a transition cannot both set and clear the resolution',
      );
    }
    t.screen.forEach((field, j) => {
      if (!isScreenField(field)) {
        problem(
          [...path, 'screen', j],
          `unknown screen field "${field}" (known: ${Object.keys(SCREEN_FIELDS).join(', ')})`,
        );
      }
    });
    t.required.forEach((field, j) => {
      if (!t.screen.includes(field))
        problem([...path, 'required', j], `required field "${field}" is not on the screen`);
    });
  });

  const emails = new Set(seed.users.map((u) => u.email.toLowerCase()));
  const userKnown = (email: string | null, path: PropertyKey[]) => {
    if (email !== null && !emails.has(email.toLowerCase())) problem(path, `unknown user ${email}`);
  };
  const projects = new Map(seed.projects.map((p) => [p.key, p]));
  const priorities = new Set(seed.priorities.map((p) => p.name));
  seed.organizations.forEach((o, i) =>
    o.members.forEach((m, j) => userKnown(m, ['organizations', i, 'members', j])),
  );
  seed.issues.forEach((issue, i) => {
    const path = ['issues', i];
    const project = issue.project === undefined ? seed.projects[0] : projects.get(issue.project);
    if (!project) problem([...path, 'project'], `unknown project ${issue.project}`);
    else if (
      issue.issueType !== undefined &&
      !project.issueTypes.some((t) => t.name === issue.issueType)
    ) {
      problem(
        [...path, 'issueType'],
        `project ${project.key} has no issue type ${issue.issueType}`,
      );
    }
    if (issue.priority !== undefined && !priorities.has(issue.priority)) {
      problem([...path, 'priority'], `unknown priority "${issue.priority}"`);
    }
    userKnown(issue.reporter, [...path, 'reporter']);
    issue.participants.forEach((p, j) => userKnown(p, [...path, 'participants', j]));
    issue.organizations.forEach((name, j) => {
      if (!seed.organizations.some((o) => o.name === name))
        problem([...path, 'organizations', j], `unknown organization ${name}`);
    });
    userKnown(issue.assignee, [...path, 'assignee']);
    issue.history.forEach((entry, j) => {
      statusKnown(entry.status, [...path, 'history', j, 'status']);
      if (typeof entry.resolution === 'string' && !resolutions.has(entry.resolution)) {
        problem([...path, 'history', j, 'resolution'], `unknown resolution "${entry.resolution}"`);
      }
      userKnown(entry.by, [...path, 'history', j, 'by']);
    });
    issue.comments.forEach((comment, j) => userKnown(comment.by, [...path, 'comments', j, 'by']));
  });
}

function duplicates<T>(
  items: T[],
  keyOf: (item: T) => string,
  path: PropertyKey[],
  what: string,
  problem: (path: PropertyKey[], message: string) => void,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (seen.has(key)) problem([...path, index, what], `duplicate ${what} ${key}`);
    seen.add(key);
  });
}

export type SandboxSeed = z.output<typeof seedSchema>;
export type SeedIssue = SandboxSeed['issues'][number];
