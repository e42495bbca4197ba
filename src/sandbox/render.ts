import { adfToHtml } from './adf.ts';
import { formatJiraTimestamp } from './jira-time.ts';
import {
  jsdPublicOf,
  type Comment,
  type History,
  type Issue,
  type Status,
  type Transition,
  type User,
} from './model.ts';
import { ORGANIZATIONS_FIELD_ID, renderOrganizations } from './render-fields.ts';
import { SCREEN_FIELDS } from './screen-fields.ts';
import type { Site } from './site.ts';

/**
 * Jira's JSON shapes for the sandbox's objects. `base` is the site URL the caller used, so `self`
 * links work from wherever the sandbox is reached.
 */
export interface RenderContext {
  base: string;
  site: Site;
  /** users rendered for this answer: a page of changelogs names the same few people many times */
  users?: Map<string, ReturnType<typeof renderUser>>;
}

/**
 * expand=changelog holds at most this many histories per issue, the most recent: 40 in the
 * enhanced search, 100 on GET /issue/{key}. Longer histories are read from the changelog endpoint.
 */
export const EMBEDDED_CHANGELOG_LIMITS = { search: 40, issue: 100 } as const;

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export function timestamp(ctx: RenderContext, ms: number): string {
  return formatJiraTimestamp(ms, ctx.site.zone);
}

function avatarUrls(ctx: RenderContext, accountId: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const size of [48, 24, 16, 32]) {
    urls[`${size}x${size}`] =
      `${ctx.base}/secure/useravatar?size=${size}&ownerId=${encodeURIComponent(accountId)}`;
  }
  return urls;
}

/** UserDetails: what Jira shows of a user inside issues, comments and changelogs (no email). */
export function renderUser(ctx: RenderContext, user: User) {
  return {
    self: `${ctx.base}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    avatarUrls: avatarUrls(ctx, user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

function renderUserById(ctx: RenderContext, accountId: string | null) {
  if (accountId === null) return null;
  const cached = ctx.users?.get(accountId);
  if (cached) return cached;
  const user = ctx.site.findUser(accountId);
  if (!user) return null;
  const rendered = renderUser(ctx, user);
  ctx.users?.set(accountId, rendered);
  return rendered;
}

/** GET /myself: the full User, with email, groups and application roles. */
export function renderMyself(ctx: RenderContext, user: User) {
  return {
    ...renderUser(ctx, user),
    emailAddress: user.email,
    locale: 'pt_BR',
    groups: { size: user.groups.length, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
}

/**
 * GET /user: the User another account reads, with its groups and application roles counted (their
 * items come only with `expand`). A private profile keeps its email to itself; accountType stays.
 */
export function renderUserRecord(ctx: RenderContext, user: User) {
  return {
    ...renderUser(ctx, user),
    ...(user.privateProfile ? {} : { emailAddress: user.email }),
    groups: { size: user.groups.length, items: [] },
    // A portal-only customer or an app holds no Jira product licence.
    applicationRoles: { size: user.accountType === 'atlassian' ? 1 : 0, items: [] },
    expand: 'groups,applicationRoles',
  };
}

export function renderGroupName(ctx: RenderContext, name: string) {
  const group = ctx.site.group(name);
  return {
    name,
    groupId: group?.groupId ?? null,
    self: `${ctx.base}/rest/api/3/group?groupId=${encodeURIComponent(group?.groupId ?? name)}`,
  };
}

export function renderStatus(ctx: RenderContext, status: Status) {
  const category = CATEGORIES[status.category];
  return {
    self: `${ctx.base}/rest/api/3/status/${status.id}`,
    description: status.description,
    iconUrl: `${ctx.base}/`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${ctx.base}/rest/api/3/statuscategory/${category.id}`, ...category },
  };
}

function renderProject(ctx: RenderContext, projectId: string) {
  const project = ctx.site.project(projectId);
  const avatars: Record<string, string> = {};
  for (const [size, name] of [
    [48, 'large'],
    [24, 'small'],
    [16, 'xsmall'],
    [32, 'medium'],
  ] as const) {
    avatars[`${size}x${size}`] = `${ctx.base}/secure/projectavatar?size=${name}&pid=${project.id}`;
  }
  return {
    self: `${ctx.base}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: 'service_desk',
    simplified: false,
    avatarUrls: avatars,
  };
}

function renderIssueType(ctx: RenderContext, issue: Issue) {
  const type = ctx.site
    .project(issue.projectId)
    .issueTypes.find((t) => t.id === issue.issueTypeId)!;
  return {
    self: `${ctx.base}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: `${ctx.base}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10318?size=medium`,
    name: type.name,
    subtask: false,
    avatarId: 10318,
    hierarchyLevel: 0,
  };
}

function renderPriority(ctx: RenderContext, priorityId: string) {
  const priority = ctx.site.findPriority(priorityId)!;
  return {
    self: `${ctx.base}/rest/api/3/priority/${priority.id}`,
    iconUrl: `${ctx.base}/images/icons/priorities/medium.svg`,
    name: priority.name,
    id: priority.id,
  };
}

function renderResolution(ctx: RenderContext, resolutionId: string | null) {
  if (resolutionId === null) return null;
  const resolution = ctx.site.findResolution(resolutionId)!;
  return {
    self: `${ctx.base}/rest/api/3/resolution/${resolution.id}`,
    id: resolution.id,
    description: resolution.description,
    name: resolution.name,
  };
}

export function renderHistory(ctx: RenderContext, history: History) {
  return {
    id: history.id,
    author: renderUserById(ctx, history.authorId),
    created: timestamp(ctx, history.created),
    items: history.items.map((item) => ({ ...item })),
  };
}

export interface CommentOptions {
  properties?: boolean;
  renderedBody?: boolean;
}

export function renderComment(ctx: RenderContext, comment: Comment, options: CommentOptions = {}) {
  return {
    self: `${ctx.base}/rest/api/3/issue/${comment.issueId}/comment/${comment.id}`,
    id: comment.id,
    author: renderUserById(ctx, comment.authorId),
    body: comment.body,
    ...(options.renderedBody ? { renderedBody: adfToHtml(comment.body) } : {}),
    updateAuthor: renderUserById(ctx, comment.updateAuthorId),
    created: timestamp(ctx, comment.created),
    updated: timestamp(ctx, comment.updated),
    ...(comment.visibility ? { visibility: comment.visibility } : {}),
    jsdPublic: jsdPublicOf(comment),
    ...(comment.authorCanSeeRequest === undefined
      ? {}
      : { jsdAuthorCanSeeRequest: comment.authorCanSeeRequest }),
    ...(options.properties
      ? { properties: [...comment.properties].map(([key, value]) => ({ key, value })) }
      : {}),
  };
}

/** The issue fields the sandbox has, in the order Jira tends to write them. */
const FIELDS: Array<{
  id: string;
  navigable: boolean;
  render: (ctx: RenderContext, issue: Issue) => unknown;
}> = [
  {
    id: 'statuscategorychangedate',
    navigable: true,
    render: (c, i) => timestamp(c, i.statusCategoryChangeDate),
  },
  { id: 'issuetype', navigable: true, render: renderIssueType },
  { id: 'project', navigable: true, render: (c, i) => renderProject(c, i.projectId) },
  { id: 'resolution', navigable: true, render: (c, i) => renderResolution(c, i.resolutionId) },
  {
    id: 'resolutiondate',
    navigable: true,
    render: (c, i) => (i.resolutionDate === null ? null : timestamp(c, i.resolutionDate)),
  },
  { id: 'created', navigable: true, render: (c, i) => timestamp(c, i.created) },
  { id: 'priority', navigable: true, render: (c, i) => renderPriority(c, i.priorityId) },
  { id: 'labels', navigable: true, render: (_c, i) => [...i.labels] },
  { id: 'assignee', navigable: true, render: (c, i) => renderUserById(c, i.assigneeId) },
  { id: 'updated', navigable: true, render: (c, i) => timestamp(c, i.updated) },
  { id: 'status', navigable: true, render: (c, i) => renderStatus(c, c.site.status(i.statusId)) },
  { id: 'description', navigable: true, render: (_c, i) => i.description },
  { id: 'summary', navigable: true, render: (_c, i) => i.summary },
  { id: 'creator', navigable: true, render: (c, i) => renderUserById(c, i.creatorId) },
  { id: 'reporter', navigable: true, render: (c, i) => renderUserById(c, i.reporterId) },
  {
    id: ORGANIZATIONS_FIELD_ID,
    navigable: true,
    render: (c, i) => renderOrganizations(c.base, c.site, i),
  },
  {
    id: 'comment',
    navigable: false,
    render: (c, i) => ({
      comments: i.comments.map((comment) => renderComment(c, comment)),
      self: `${c.base}/rest/api/3/issue/${i.id}/comment`,
      maxResults: i.comments.length,
      total: i.comments.length,
      startAt: 0,
    }),
  },
];

/** The system fields the sandbox has (GET /field lists them). */
export const SYSTEM_FIELD_IDS: readonly string[] = FIELDS.map((f) => f.id).filter(
  (id) => id !== ORGANIZATIONS_FIELD_ID,
);

/** Which fields to return, from Jira's `fields` parameter. */
export interface FieldSelection {
  /** `fields=id`: the enhanced search's default, the issue id and nothing else */
  idOnly: boolean;
  base: 'all' | 'navigable' | 'none';
  include: Set<string>;
  exclude: Set<string>;
}

/**
 * Reads `fields` (comma lists, possibly repeated): `*all`, `*navigable`, field ids, `-field` to
 * exclude. Unknown field ids are ignored, as Jira does. `fallback` applies when nothing is given.
 */
export function parseFieldSelection(
  values: string[],
  fallback: '*all' | '*navigable' | 'id',
): FieldSelection {
  const tokens = values
    .flatMap((value) => value.split(','))
    .map((token) => token.trim())
    .filter(Boolean);
  const effective = tokens.length === 0 ? [fallback] : tokens;
  if (effective.length === 1 && effective[0] === 'id') {
    return { idOnly: true, base: 'none', include: new Set(), exclude: new Set() };
  }
  const selection: FieldSelection = {
    idOnly: false,
    base: 'none',
    include: new Set(),
    exclude: new Set(),
  };
  for (const token of effective) {
    if (token === '*all') selection.base = 'all';
    else if (token === '*navigable' && selection.base !== 'all') selection.base = 'navigable';
    else if (token.startsWith('-')) selection.exclude.add(token.slice(1));
    else selection.include.add(token);
  }
  // Only exclusions: Jira starts from the default set.
  if (selection.base === 'none' && selection.include.size === 0) {
    selection.base = fallback === '*all' ? 'all' : 'navigable';
  }
  return selection;
}

export interface IssueOptions {
  fields: FieldSelection;
  /** expand=changelog, holding at most this many histories */
  changelog?: number;
  /** issue property keys to include (`*all` for all) */
  properties?: string[];
}

/** An IssueBean. */
export function renderIssue(ctx: RenderContext, issue: Issue, options: IssueOptions) {
  const extras = {
    ...(options.properties && options.properties.length > 0
      ? { properties: selectProperties(issue, options.properties) }
      : {}),
    ...(options.changelog
      ? { changelog: renderEmbeddedChangelog(ctx, issue, options.changelog) }
      : {}),
  };
  if (options.fields.idOnly) return { id: issue.id, ...extras };
  const { base, include, exclude } = options.fields;
  const fields: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const wanted =
      include.has(field.id) || base === 'all' || (base === 'navigable' && field.navigable);
    if (wanted && !exclude.has(field.id)) fields[field.id] = field.render(ctx, issue);
  }
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${ctx.base}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields,
    ...extras,
  };
}

/**
 * expand=changelog: the most recent histories, newest first (Jira's description: "sorted by date,
 * starting from the most recent"); `total` counts them all, so a caller sees truncation when
 * total > histories.length and reads GET /issue/{key}/changelog instead.
 */
function renderEmbeddedChangelog(ctx: RenderContext, issue: Issue, limit: number) {
  const recent = issue.histories.slice(-limit).reverse();
  return {
    startAt: 0,
    maxResults: recent.length,
    total: issue.histories.length,
    histories: recent.map((history) => renderHistory(ctx, history)),
  };
}

function selectProperties(issue: Issue, keys: string[]): Record<string, unknown> {
  const all = keys.includes('*all');
  const out: Record<string, unknown> = {};
  for (const [key, value] of issue.properties) {
    if ((all && !keys.includes(`-${key}`)) || keys.includes(key)) out[key] = value;
  }
  return out;
}

/** GET /project/{key}/statuses: the statuses of each issue type's workflow (one workflow here). */
export function renderProjectStatuses(ctx: RenderContext, projectId: string) {
  return ctx.site.project(projectId).issueTypes.map((type) => ({
    self: `${ctx.base}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    name: type.name,
    subtask: false,
    statuses: ctx.site.statuses.map((status) => renderStatus(ctx, status)),
  }));
}

/** An entry of GET /issue/{key}/transitions. */
/**
 * IssueTransition; with `fields` (expand=transitions.fields) also the screen's fields as
 * FieldMetadata: required or not, display name, schema, operations, and for the resolution the
 * values it takes.
 */
export function renderTransition(
  ctx: RenderContext,
  transition: Transition,
  options: { fields?: boolean } = {},
) {
  return {
    id: transition.id,
    name: transition.name,
    to: renderStatus(ctx, ctx.site.status(transition.to)),
    hasScreen: transition.screen.length > 0,
    isGlobal: transition.from.length === 0,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
    ...(options.fields ? { fields: renderScreenFields(ctx, transition) } : {}),
  };
}

function renderScreenFields(ctx: RenderContext, transition: Transition) {
  const fields: Record<string, unknown> = {};
  for (const id of transition.screen) {
    const field = SCREEN_FIELDS[id];
    fields[id] = {
      required: transition.required.includes(id),
      schema: { ...field.schema },
      name: field.name,
      key: id,
      hasDefaultValue: false,
      operations: [...field.operations],
      ...(id === 'resolution'
        ? { allowedValues: ctx.site.resolutions.map((r) => renderResolution(ctx, r.id)) }
        : {}),
    };
  }
  return fields;
}
