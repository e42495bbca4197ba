/**
 * Jira's JSON to the service's model (src/domain/), and nothing else: no I/O, so every rule about
 * Jira's shapes (internal comments, offsets without a colon, missing fields) is tested on plain
 * objects. The Raw* types name only the fields read here; jira.js hands over more.
 */
import {
  isInternalComment,
  jiraInstantMs,
  type CommentVisibility,
  type IssueComment,
  type IssueSnapshot,
  type JiraUser,
  type Status,
  type StatusChange,
} from '../domain/index.ts';

/** The fields every read asks for: enough for the rules, nothing more (search defaults to id only). */
export const ISSUE_FIELDS = [
  'summary',
  'status',
  'issuetype',
  'project',
  'reporter',
  'assignee',
  'created',
  'updated',
];

export interface RawUser {
  accountId?: string;
  displayName?: string;
  accountType?: string;
}

export interface RawHistory {
  id?: string;
  created?: unknown;
  author?: RawUser;
  items?: Array<{
    field?: string;
    fieldId?: string;
    from?: string | null;
    to?: string | null;
    fromString?: string | null;
    toString?: string | null;
  }>;
}

export interface RawIssue {
  id?: string;
  key?: string;
  properties?: Record<string, unknown>;
  fields?: Record<string, unknown>;
  changelog?: { histories?: RawHistory[]; total?: number };
}

export interface RawComment {
  id?: string;
  author?: RawUser;
  created?: unknown;
  jsdPublic?: boolean;
  jsdAuthorCanSeeRequest?: boolean;
  visibility?: RawVisibility | null;
  properties?: Array<{ key?: string; value?: unknown }>;
}

/** Jira's Visibility (its `identifier` may be null). */
export interface RawVisibility {
  type?: string;
  value?: string;
  identifier?: string | null;
}

export interface RawTransition {
  id?: string;
  name?: string;
  isAvailable?: boolean;
  isGlobal?: boolean;
  hasScreen?: boolean;
  to?: { id?: string | number; name?: string };
  /** the transition screen's fields, by field id (only with `expand=transitions.fields`) */
  fields?: Record<string, RawFieldMetadata>;
}

/** FieldMetadata of a transition screen, as far as it is read here. */
export interface RawFieldMetadata {
  name?: string;
  required?: boolean;
  allowedValues?: unknown[];
}

/** One issue type's statuses, as GET /project/{key}/statuses lists them. */
export interface RawIssueTypeStatuses {
  statuses?: Array<{ id?: string | number; name?: string }>;
}

/** A workflow transition as the gateway uses it: where it leads, and its screen when listed. */
export interface Transition {
  id: string;
  name: string;
  to: Status;
  /** a global transition leads to its status from any status (e.g. a "Cancelar" into "Fechado") */
  isGlobal: boolean;
  /** the screen's fields by field id; absent when Jira did not list them (no screen is `{}`) */
  fields?: Record<string, TransitionField>;
}

/** A field of a transition screen. */
export interface TransitionField {
  name: string;
  required: boolean;
  /** the values Jira accepts, e.g. the resolutions `{id, name}`; absent when Jira lists none */
  allowedValues?: unknown[];
}

/** An admin webhook as Jira's /rest/webhooks/1.0/webhook lists it (the secret is write-only). */
export interface AdminWebhook {
  /** the numeric id, the last segment of `self` */
  id: string;
  name: string;
  url: string;
  events: string[];
  filters: Record<string, string>;
  enabled?: boolean;
}

export function toUser(raw: RawUser | null | undefined): JiraUser | undefined {
  if (!raw?.accountId) return undefined;
  return {
    accountId: raw.accountId,
    ...(raw.displayName !== undefined ? { displayName: raw.displayName } : {}),
    ...(raw.accountType !== undefined ? { accountType: raw.accountType } : {}),
  };
}

/** The issue without its status history (see statusChangesOf for that). */
export function toSnapshot(raw: RawIssue): IssueSnapshot {
  const fields = raw.fields ?? {};
  const status = fields.status as { id?: string; name?: string } | undefined;
  const project = fields.project as { key?: string } | undefined;
  const issueType = fields.issuetype as { id?: string } | undefined;
  const snapshot: IssueSnapshot = {
    id: String(raw.id ?? ''),
    key: String(raw.key ?? ''),
    projectKey: project?.key ?? String(raw.key ?? '').replace(/-\d+$/, ''),
    issueTypeId: String(issueType?.id ?? ''),
    status: { id: String(status?.id ?? ''), name: status?.name ?? '' },
  };
  if (typeof fields.summary === 'string') snapshot.summary = fields.summary;
  if (raw.properties && Object.keys(raw.properties).length > 0)
    snapshot.properties = { ...raw.properties };
  const reporter = toUser(fields.reporter as RawUser | undefined);
  if (reporter) snapshot.reporter = reporter;
  const assignee = toUser(fields.assignee as RawUser | undefined);
  if (assignee) snapshot.assignee = assignee;
  const createdMs = jiraInstantMs(fields.created);
  if (createdMs !== undefined) snapshot.createdMs = createdMs;
  const updatedMs = jiraInstantMs(fields.updated);
  if (updatedMs !== undefined) snapshot.updatedMs = updatedMs;
  return snapshot;
}

/** The status changes of one changelog history; none when its time cannot be read. */
export function statusChangesOf(history: RawHistory): StatusChange[] {
  const atMs = jiraInstantMs(history.created);
  if (atMs === undefined) return [];
  const author = toUser(history.author);
  return (history.items ?? [])
    .filter((item) => item.fieldId === 'status' || item.field === 'status')
    .map((item) => ({
      historyId: String(history.id ?? ''),
      atMs,
      ...(author ? { author } : {}),
      from: { id: String(item.from ?? ''), name: item.fromString ?? '' },
      // `toString` is Jira's field, but an item without it would read Object.prototype's.
      to: {
        id: String(item.to ?? ''),
        name: typeof item.toString === 'string' ? item.toString : '',
      },
    }));
}

/** Oldest first; histories of the same instant in the order Jira numbered them. Sorts in place. */
export function sortByTime(changes: StatusChange[]): StatusChange[] {
  return changes.sort((a, b) => a.atMs - b.atMs || Number(a.historyId) - Number(b.historyId));
}

/** A comment as the rules see it; whether it is public is isInternalComment's judgement. */
export function toComment(raw: RawComment): IssueComment {
  const properties: Record<string, unknown> = {};
  for (const property of raw.properties ?? []) {
    if (property.key) properties[property.key] = property.value;
  }
  const author = toUser(raw.author);
  const visibility = toVisibility(raw.visibility);
  return {
    id: String(raw.id ?? ''),
    ...(author ? { author } : {}),
    createdMs: jiraInstantMs(raw.created) ?? 0,
    isPublic: !isInternalComment({ jsdPublic: raw.jsdPublic, visibility, properties }),
    ...(visibility ? { visibility } : {}),
    ...(typeof raw.jsdAuthorCanSeeRequest === 'boolean'
      ? { authorCanSeeRequest: raw.jsdAuthorCanSeeRequest }
      : {}),
    properties,
  };
}

/** Jira's Visibility with its text fields only; none when it names no group or role. */
export function toVisibility(raw: RawVisibility | null | undefined): CommentVisibility | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const visibility: CommentVisibility = {};
  if (typeof raw.type === 'string') visibility.type = raw.type;
  if (typeof raw.value === 'string') visibility.value = raw.value;
  if (typeof raw.identifier === 'string') visibility.identifier = raw.identifier;
  return Object.keys(visibility).length > 0 ? visibility : undefined;
}

/** The transitions that can be taken now and say where they lead, in Jira's order. */
export function toTransitions(raw: RawTransition[] | undefined): Transition[] {
  return (raw ?? []).flatMap((t) => {
    if (!t.id || !t.to?.id || t.isAvailable === false) return [];
    const transition: Transition = {
      id: t.id,
      name: t.name ?? t.id,
      to: { id: String(t.to.id), name: t.to.name ?? '' },
      isGlobal: t.isGlobal === true,
    };
    if (t.fields && typeof t.fields === 'object') transition.fields = toScreenFields(t.fields);
    // Without a screen a transition takes no field at all, listed or not.
    else if (t.hasScreen === false) transition.fields = {};
    return [transition];
  });
}

function toScreenFields(raw: Record<string, RawFieldMetadata>): Record<string, TransitionField> {
  const fields: Record<string, TransitionField> = {};
  for (const [id, field] of Object.entries(raw)) {
    fields[id] = {
      name: field?.name ?? id,
      required: field?.required === true,
      ...(Array.isArray(field?.allowedValues) ? { allowedValues: field.allowedValues } : {}),
    };
  }
  return fields;
}

/** A project's statuses, each once although every issue type lists its own. */
export function projectStatusesOf(byType: RawIssueTypeStatuses[]): Status[] {
  const unique = new Map<string, Status>();
  for (const type of byType) {
    for (const status of type.statuses ?? []) {
      if (status.id)
        unique.set(String(status.id), { id: String(status.id), name: status.name ?? '' });
    }
  }
  return [...unique.values()];
}

export function toAdminWebhook(raw: Record<string, unknown>): AdminWebhook {
  const self = typeof raw.self === 'string' ? raw.self : '';
  return {
    id: String(raw.id ?? self.split('/').pop() ?? ''),
    name: String(raw.name ?? ''),
    url: String(raw.url ?? ''),
    events: Array.isArray(raw.events) ? raw.events.map(String) : [],
    filters: (raw.filters as Record<string, string> | undefined) ?? {},
    ...(typeof raw.enabled === 'boolean' ? { enabled: raw.enabled } : {}),
  };
}
