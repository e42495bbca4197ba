/**
 * Schemas for the webhook bodies the service handles, and their mapping to the contract's
 * HandledPayload. Lenient on purpose: real bodies carry dozens of fields nobody reads (they are
 * dropped), ids may come as numbers, and nullable fields are often null. Strict only about what
 * the rules need and what reaches Jira's URLs: the issue's id, key and project (the key of that
 * project, in Jira's pattern) and the comment's id (decimal).
 */
import { z } from 'zod';
import type {
  CommentCreatedPayload,
  HandledEvent,
  HandledPayload,
  IssueUpdatedPayload,
  StatusChangeItem,
  WebhookIssue,
} from './delivery.ts';
import {
  formatPath,
  isIssueKey,
  ISSUE_KEY_PATTERN,
  JIRA_ID_PATTERN,
  keyOutsideProject,
  parseJiraDateTime,
  valueAt,
  type CommentVisibility,
  type JiraUser,
  type Status,
} from '../domain/index.ts';

const id = z.union([z.string().min(1), z.number()]).transform(String);
// The ids a path is built from (an issue's, a comment's): Jira's, decimal, nothing else.
const jiraId = id.pipe(
  z.string().regex(JIRA_ID_PATTERN, { error: 'expected a Jira id (decimal digits)' }),
);
const optionalText = z.string().nullish();

const userSchema = z.object({
  accountId: z.string().nullish(),
  displayName: optionalText,
  accountType: optionalText,
});

// Jira's Visibility; `identifier` is null for a role.
const visibilitySchema = z.object({
  type: optionalText,
  value: optionalText,
  identifier: optionalText,
});

// The key is what the service reads and writes by: Jira's pattern, in the payload's own project
// (a signed body naming SUP with the key OPS-1 must not reach OPS-1; see README, Security).
const issueSchema = z
  .object({
    id: jiraId,
    key: z.string().regex(ISSUE_KEY_PATTERN, { error: 'expected a Jira issue key such as SUP-12' }),
    fields: z.object({
      project: z.object({ key: z.string().min(1), id: id.nullish() }),
      status: z.object({ id, name: z.string() }).nullish(),
      issuetype: z.object({ id: id.nullish() }).nullish(),
    }),
  })
  .superRefine((issue, ctx) => {
    // zod refines even after the key failed its pattern; that failure is the one to report.
    if (!isIssueKey(issue.key)) return;
    const problem = keyOutsideProject(issue.key, issue.fields.project.key);
    if (problem) ctx.addIssue({ code: 'custom', path: ['key'], message: problem });
  });

const jiraDateTime = z.string().transform((text, ctx) => {
  const ms = parseJiraDateTime(text);
  if (ms === undefined) {
    ctx.issues.push({ code: 'custom', message: 'expected a Jira date-time', input: text });
    return z.NEVER;
  }
  return ms;
});

const eventBase = {
  // Every real delivery carries it; a hand-written Automation body may not.
  timestamp: z.number().nullish(),
  issue: issueSchema,
};

const commentCreatedSchema = z.object({
  ...eventBase,
  comment: z.object({
    id: jiraId,
    author: userSchema.nullish(),
    // A wiki string in every real capture; Jira may send ADF (an object) too.
    body: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
    created: jiraDateTime.nullish(),
    jsdPublic: z.boolean().nullish(),
    jsdAuthorCanSeeRequest: z.boolean().nullish(),
    // Independent of jsdPublic: a comment restricted to a role or group keeps `jsdPublic: true`.
    visibility: visibilitySchema.nullish(),
  }),
});

const changelogItemFields = z.object({
  field: z.string(),
  fieldId: z.string().nullish(),
  fieldtype: z.string().nullish(),
  from: id.nullish(),
  fromString: optionalText,
  to: id.nullish(),
  toString: optionalText,
});

// An item without its own `toString` would otherwise be read as Object.prototype.toString.
const changelogItemSchema = z.preprocess(
  (item) =>
    item !== null && typeof item === 'object' && !Object.hasOwn(item, 'toString')
      ? { ...item, toString: undefined }
      : item,
  changelogItemFields,
);

const issueUpdatedSchema = z.object({
  ...eventBase,
  user: userSchema.nullish(),
  // Some issue_updated deliveries (a comment on old sites, a worklog) carry no changelog.
  changelog: z.object({ items: z.array(changelogItemSchema).nullish() }).nullish(),
});

type ParsedIssue = z.output<typeof issueSchema>;
type ParsedUser = z.output<typeof userSchema>;
type ParsedItem = z.output<typeof changelogItemFields>;

export type PayloadResult = { ok: true; payload: HandledPayload } | { ok: false; reason: string };

/** Validates a handled event's body and maps it to the contract's payload. */
export function parseHandledPayload(
  event: HandledEvent,
  body: unknown,
  receivedAtMs: number,
): PayloadResult {
  if (event === 'comment_created') {
    const parsed = commentCreatedSchema.safeParse(body);
    if (!parsed.success) return { ok: false, reason: describeFailure(parsed.error, body) };
    const { comment } = parsed.data;
    const payload: CommentCreatedPayload = {
      webhookEvent: event,
      timestamp: parsed.data.timestamp ?? receivedAtMs,
      issue: toIssue(parsed.data.issue),
      comment: {
        id: comment.id,
        ...defined('author', toUser(comment.author)),
        ...defined('body', comment.body ?? undefined),
        ...defined('createdMs', comment.created ?? undefined),
        ...defined('jsdPublic', comment.jsdPublic ?? undefined),
        ...defined('jsdAuthorCanSeeRequest', comment.jsdAuthorCanSeeRequest ?? undefined),
        ...defined('visibility', toVisibility(comment.visibility)),
      },
    };
    return { ok: true, payload };
  }
  const parsed = issueUpdatedSchema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: describeFailure(parsed.error, body) };
  const payload: IssueUpdatedPayload = {
    webhookEvent: event,
    timestamp: parsed.data.timestamp ?? receivedAtMs,
    issue: toIssue(parsed.data.issue),
    ...defined('user', toUser(parsed.data.user)),
    statusChanges: (parsed.data.changelog?.items ?? []).filter(isStatusItem).map(toStatusChange),
  };
  return { ok: true, payload };
}

function toIssue(issue: ParsedIssue): WebhookIssue {
  const { project, status, issuetype } = issue.fields;
  const webhookStatus: Status | undefined = status
    ? { id: status.id, name: status.name }
    : undefined;
  return {
    id: issue.id,
    key: issue.key,
    projectKey: project.key,
    ...defined('projectId', project.id ?? undefined),
    ...defined('status', webhookStatus),
    ...defined('issueTypeId', issuetype?.id ?? undefined),
  };
}

/** A user without an accountId (legacy server-style bodies) says nothing the rules can use. */
function toUser(user: ParsedUser | null | undefined): JiraUser | undefined {
  if (!user?.accountId) return undefined;
  return {
    accountId: user.accountId,
    ...defined('displayName', user.displayName ?? undefined),
    ...defined('accountType', user.accountType ?? undefined),
  };
}

/** The restriction's named parts; none when it names nothing. */
function toVisibility(
  visibility: z.output<typeof visibilitySchema> | null | undefined,
): CommentVisibility | undefined {
  if (!visibility) return undefined;
  const named: CommentVisibility = {
    ...defined('type', visibility.type ?? undefined),
    ...defined('value', visibility.value ?? undefined),
    ...defined('identifier', visibility.identifier ?? undefined),
  };
  return Object.keys(named).length > 0 ? named : undefined;
}

/**
 * The status item of a changelog. `fieldId` is the reliable part when present (issue_created
 * writes `field: "Status"`); a custom field named "status" has a `customfield_*` id.
 */
function isStatusItem(item: ParsedItem): boolean {
  if (item.fieldId) return item.fieldId === 'status';
  return item.fieldtype !== 'custom' && item.field.toLowerCase() === 'status';
}

function toStatusChange(item: ParsedItem): StatusChangeItem {
  return {
    from: item.from ?? null,
    fromString: item.fromString ?? null,
    to: item.to ?? null,
    toString: item.toString ?? null,
  };
}

/** `{key: value}` when the value is defined, `{}` otherwise: payloads carry no undefined keys. */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The first problem, by path, without echoing the received value: `issue.key: required`. */
function describeFailure(error: z.ZodError, body: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid payload';
  const path = formatPath(issue.path) || '(top level)';
  const value = valueAt(body, issue.path);
  let problem: string;
  if (issue.code === 'invalid_type') {
    problem =
      value === undefined
        ? `required (${issue.expected})`
        : `expected ${issue.expected}, got ${describeType(value)}`;
  } else if (issue.code === 'invalid_union') {
    problem = value === undefined ? 'required' : `unexpected ${describeType(value)}`;
  } else {
    problem = issue.message;
  }
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path}: ${problem}${more}`;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
