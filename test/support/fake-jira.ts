/**
 * An in-memory Jira behind the gateway's methods, for tests of the orchestrators (sweep, delivery
 * processor, action runners) without HTTP. It records every call in order, so a test asserts the
 * exact sequence of Jira calls an orchestrator makes (the way actions/stale tests its processor).
 *
 * It is only as clever as the orchestrators need: JQL of the sweep's one shape, one workflow for
 * every issue type, comments newest last. The sandbox (src/sandbox/) is the hard Jira; this is a
 * recording stand-in. Moves go through the gateway's own transitions module (src/jira/transitions.ts)
 * over in-memory endpoints that answer as Jira does: global transitions, screens with required
 * fields, and Jira's 400 bodies when a transition is refused.
 */
import {
  describeStatus,
  statusMatches,
  type IssueComment,
  type IssueSnapshot,
  type JiraUser,
  type Status,
  type StatusRef,
} from '../../src/domain/index.ts';
import { NotFoundError, ServerError } from 'jira.js';
import type { TransitionVia } from '../../src/jira/index.ts';
import { toApiError } from '../../src/jira/http-errors.ts';
import type { RawTransition, Transition } from '../../src/jira/mapping.ts';
import { Transitions } from '../../src/jira/transitions.ts';
import type { RequestMembers } from '../../src/rules/index.ts';

/** What the transport throws when Jira answers 503: a transient failure. */
export function jiraUnavailable(what = 'GET /rest/api/3/search/jql'): ServerError {
  return new ServerError(`${what} failed: 503 Service Unavailable`, 503, 'Service Unavailable', {});
}

/** What the transport throws when Jira answers 404. */
export function jiraNotFound(what = 'GET /rest/api/3/issue'): NotFoundError {
  return new NotFoundError(`${what} failed: 404 Not Found`, 'Not Found', {});
}

/**
 * What the transport throws when Jira refuses a request with `status` (a jira.js ApiError, or its
 * subclass for 403 and 404), its message built from Jira's error body as the transport builds it.
 */
export function jiraRefused(
  status: number,
  what = 'GET /rest/api/3/issue/SUP-1',
  body: unknown = { errorMessages: ['refused'], errors: {} },
): Error {
  const [method, path] = what.split(' ') as [string, string];
  const text = JSON.stringify(body);
  const statusText = STATUS_TEXT[status] ?? '';
  return toApiError(new Response(text, { status, statusText }), text, method, path);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
};

/** What the transport throws when Jira answers 400 with this body (a refusal). */
export function jiraRefusal(what: string, body: unknown): Error {
  return jiraRefused(400, what, body);
}

/** Jira's refusal of an assignee it will not take. */
export function assigneeRefused(key: string, accountId: string): Error {
  return jiraRefusal(`PUT /rest/api/3/issue/${key}/assignee`, {
    errorMessages: [],
    errors: { assignee: `User '${accountId}' cannot be assigned issues.` },
  });
}

/** One call as the orchestrator made it: the operation and what it named. */
export interface FakeCall {
  op: string;
  key?: string;
  detail?: string;
}

export interface WorkflowEdge {
  id: string;
  name: string;
  /** the status it leads from (ignored when global) */
  from: string;
  to: Status;
  /** available from every status, like Jira's global transitions */
  isGlobal?: boolean;
  /**
   * The transition screen's fields by field id, as `expand=transitions.fields` lists them; Jira
   * refuses a move without a required one or with a field not on it. Without `screen` the edge
   * takes whatever is sent and its listing says nothing of fields (the old kind of fake).
   */
  screen?: Record<string, { name: string; required?: boolean; allowedValues?: unknown[] }>;
  /** false: the listing leaves the screen's fields out although Jira enforces them */
  screenListed?: boolean;
}

/** A move Jira made, with the fields it was sent. */
export interface DoneTransition {
  key: string;
  transition: string;
  fields?: Record<string, unknown>;
}

/** The support workflow of the test fixtures (test/rules/fixtures.ts STATUS). */
export const FAKE_STATUS = {
  open: { id: '1', name: 'Aberto' },
  analysts: { id: '3', name: 'Em Atendimento' },
  pending: { id: '10002', name: 'Pendente Informação do cliente' },
  validation: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
  closed: { id: '6', name: 'Fechado' },
} as const;

const S = FAKE_STATUS;
const DEFAULT_WORKFLOW: WorkflowEdge[] = [
  { id: '11', name: 'Atender', from: S.open.id, to: S.analysts },
  { id: '21', name: 'Pedir informação', from: S.analysts.id, to: S.pending },
  { id: '31', name: 'Resolver', from: S.analysts.id, to: S.validation },
  { id: '41', name: 'Cliente respondeu', from: S.pending.id, to: S.analysts },
  { id: '51', name: 'Reabrir', from: S.validation.id, to: S.analysts },
  { id: '61', name: 'Fechar', from: S.validation.id, to: S.closed },
];

const SWEEP_JQL =
  /^project = (\S+) AND status in \(([^)]*)\)(?: AND updated >= -(\d+)m)? ORDER BY key ASC$/;

export interface FakeJiraOptions {
  now: () => number;
  bot?: JiraUser;
  workflow?: WorkflowEdge[];
  pageSize?: number;
}

export class FakeJira {
  readonly calls: FakeCall[] = [];
  readonly issues = new Map<string, IssueSnapshot>();
  readonly comments = new Map<string, IssueComment[]>();
  readonly groups = new Map<string, string[]>();
  /** JSM request participants and organization members by issue key (none when unset) */
  readonly requestMembersOf = new Map<string, RequestMembers>();
  /** user records by account id (GET /user), with the accountType webhooks may leave out */
  readonly users = new Map<string, JiraUser>();
  readonly properties = new Map<string, Record<string, unknown>>();
  readonly bot: JiraUser;
  /** every move Jira made, in order, with the fields sent */
  readonly transitioned: DoneTransition[] = [];
  /** Jira's transitions endpoints as the gateway's module called them (not in `calls`) */
  readonly endpointCalls = { getTransitions: 0, doTransition: 0 };
  workflow: WorkflowEdge[];
  pageSize: number;
  private readonly now: () => number;
  private readonly moves: Transitions;
  private readonly failures: Array<{ op: string; key?: string; error: unknown }> = [];
  private readonly effects: Array<{ op: string; effect: () => void }> = [];
  private nextId = 1000;

  constructor(options: FakeJiraOptions) {
    this.now = options.now;
    this.bot = options.bot ?? { accountId: 'bot', accountType: 'app', displayName: 'Bot' };
    this.workflow = options.workflow ?? DEFAULT_WORKFLOW;
    this.pageSize = options.pageSize ?? 100;
    this.moves = new Transitions(
      {
        getTransitions: async ({ issueIdOrKey, expand }) => {
          this.endpointCalls.getTransitions++;
          return {
            transitions: this.listTransitions(issueIdOrKey, expand === 'transitions.fields'),
          };
        },
        doTransition: async (parameters) => {
          this.endpointCalls.doTransition++;
          this.doTransition(parameters);
        },
      },
      async (key) => structuredClone(this.stored(key)),
    );
  }

  /** Adds an issue as Jira holds it (a copy is kept; comments go in `comments`). */
  put(issue: IssueSnapshot, comments: IssueComment[] = []): void {
    this.issues.set(issue.key, structuredClone(issue));
    this.comments.set(issue.key, [...comments]);
  }

  /** The next call of `op` (on `key`, if given) throws `error` instead of answering. */
  failNext(op: string, error: unknown, key?: string): void {
    this.failures.push({ op, error, ...(key ? { key } : {}) });
  }

  /**
   * Runs `effect` when `op` is next called, before it answers: what another process does to Jira
   * in between (posts a comment, deletes one).
   */
  beforeNext(op: string, effect: () => void): void {
    this.effects.push({ op, effect });
  }

  /** The operations called, as `op key` strings, for compact assertions. */
  sequence(): string[] {
    return this.calls.map((c) => [c.op, c.key, c.detail].filter(Boolean).join(' '));
  }

  async myself(): Promise<JiraUser> {
    this.record('myself');
    return this.bot;
  }

  async statusIds(projectKey: string, ref: StatusRef): Promise<string[]> {
    this.record('statusIds', projectKey, describeStatus(ref));
    this.fail('statusIds', projectKey);
    const known = new Map<string, Status>();
    for (const edge of this.workflow) known.set(edge.to.id, edge.to);
    return [...known.values()].filter((s) => statusMatches(ref, s)).map((s) => s.id);
  }

  async *searchIssues(
    jql: string,
    _options: { changelog?: boolean; properties?: string[] } = {},
  ): AsyncGenerator<IssueSnapshot[]> {
    const match = SWEEP_JQL.exec(jql);
    if (!match) throw new Error(`the fake Jira does not understand this JQL: ${jql}`);
    const [, project, ids, minutes] = match;
    const statusIds = new Set(ids!.split(',').map((id) => id.trim()));
    const since = minutes === undefined ? -Infinity : this.now() - Number(minutes) * 60_000;
    const found = [...this.issues.values()]
      .filter((i) => i.projectKey === project && statusIds.has(i.status.id))
      .filter((i) => (i.updatedMs ?? 0) >= since)
      .sort((a, b) => keyNumber(a.key) - keyNumber(b.key));
    let page = 0;
    do {
      this.record('searchIssues', undefined, `page ${page + 1}`);
      this.fail('searchIssues');
      yield found
        .slice(page * this.pageSize, (page + 1) * this.pageSize)
        .map((i) => structuredClone(i));
      page++;
    } while (page * this.pageSize < found.length);
  }

  async rereadIssues(
    issues: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    _options: { changelog?: boolean; properties?: string[] } = {},
  ): Promise<Map<string, IssueSnapshot>> {
    this.record('rereadIssues', undefined, issues.map((i) => i.key).join(','));
    this.fail('rereadIssues');
    const fresh = new Map<string, IssueSnapshot>();
    for (const { key } of issues) {
      const issue = this.issues.get(key);
      if (issue) fresh.set(key, structuredClone(issue));
    }
    return fresh;
  }

  async getIssue(key: string, _options: { changelog?: boolean } = {}): Promise<IssueSnapshot> {
    this.record('getIssue', key);
    this.fail('getIssue', key);
    const issue = this.issues.get(key);
    if (!issue) throw jiraNotFound(`GET /rest/api/3/issue/${key}`);
    return structuredClone(issue);
  }

  async commentsSince(key: string, sinceMs: number): Promise<IssueComment[]> {
    this.record('commentsSince', key);
    this.fail('commentsSince', key);
    return (this.comments.get(key) ?? []).filter((c) => c.createdMs >= sinceMs);
  }

  async getComment(key: string, commentId: string): Promise<IssueComment> {
    this.record('getComment', key, commentId);
    this.fail('getComment', key);
    const found = this.comments.get(key)?.find((c) => c.id === commentId);
    if (!found) throw jiraNotFound(`GET /rest/api/3/issue/${key}/comment/${commentId}`);
    return structuredClone(found);
  }

  async getUser(accountId: string): Promise<JiraUser | undefined> {
    this.record('getUser', accountId);
    this.fail('getUser', accountId);
    const user = this.users.get(accountId);
    return user ? structuredClone(user) : undefined;
  }

  async requestMembers(issueKey: string): Promise<RequestMembers> {
    this.record('requestMembers', issueKey);
    this.fail('requestMembers', issueKey);
    return structuredClone(
      this.requestMembersOf.get(issueKey) ?? {
        participantAccountIds: [],
        organizationMemberAccountIds: [],
      },
    );
  }

  async userGroups(accountId: string): Promise<string[]> {
    this.record('userGroups', accountId);
    this.fail('userGroups', accountId);
    return this.groups.get(accountId) ?? [];
  }

  /** The gateway's move: from the status the caller saw, through the transition `via` names. */
  async transitionTo(
    issue: IssueSnapshot,
    target: StatusRef,
    via?: TransitionVia,
  ): Promise<Transition> {
    this.record('transitionTo', issue.key, describeStatus(target));
    this.fail('transitionTo', issue.key);
    return this.moves.moveTo(issue, target, via);
  }

  /**
   * The gateway's check before a decision's first write (reads only). Not recorded: the look-up it
   * makes is the one its move then uses, which `transitionTo` stands for.
   */
  async planTransition(
    issue: IssueSnapshot,
    target: StatusRef,
    via?: TransitionVia,
  ): Promise<Transition> {
    this.fail('planTransition', issue.key);
    return this.moves.plan(issue, target, via);
  }

  async addComment(
    key: string,
    text: string,
    options: { internal?: boolean; properties?: Record<string, unknown> } = {},
  ): Promise<IssueComment> {
    this.record('addComment', key, options.internal ? 'internal' : 'public');
    this.fail('addComment', key);
    const comment: IssueComment = {
      id: String(this.nextId++),
      author: this.bot,
      createdMs: this.now(),
      isPublic: options.internal !== true,
      properties: { ...(options.properties ?? {}), text },
    };
    this.comments.set(key, [...(this.comments.get(key) ?? []), comment]);
    this.touch(key);
    return comment;
  }

  /** Jira's DELETE .../comment/{id}: 404 when it is not there (never was, or deleted already). */
  async deleteComment(key: string, commentId: string): Promise<void> {
    this.record('deleteComment', key, commentId);
    this.fail('deleteComment', key);
    const comments = this.comments.get(key) ?? [];
    const at = comments.findIndex((c) => c.id === commentId);
    if (at < 0) throw jiraNotFound(`DELETE /rest/api/3/issue/${key}/comment/${commentId}`);
    this.comments.set(key, comments.toSpliced(at, 1));
  }

  async assign(key: string, accountId: string): Promise<void> {
    this.record('assign', key, accountId);
    this.fail('assign', key);
    const issue = this.stored(key);
    issue.assignee = { accountId };
    this.touch(key);
  }

  async setIssueProperty(
    key: string,
    propertyKey: string,
    value: Record<string, unknown>,
  ): Promise<void> {
    this.record('setIssueProperty', key, propertyKey);
    this.fail('setIssueProperty', key);
    const issue = this.stored(key);
    issue.properties = { ...(issue.properties ?? {}), [propertyKey]: value };
  }

  /** A person's move (not recorded as a call of the orchestrator). */
  move(key: string, to: Status, author: JiraUser): void {
    const issue = this.stored(key);
    (issue.statusChanges ??= []).push({
      historyId: String(this.nextId++),
      atMs: this.now(),
      author,
      from: issue.status,
      to,
    });
    issue.status = to;
    this.touch(key);
  }

  /** A person's comment (not recorded as a call of the orchestrator). */
  comment(key: string, author: JiraUser, extra: Partial<IssueComment> = {}): IssueComment {
    const comment: IssueComment = {
      id: String(this.nextId++),
      author,
      createdMs: this.now(),
      isPublic: true,
      properties: {},
      ...extra,
    };
    this.comments.set(key, [...(this.comments.get(key) ?? []), comment]);
    this.touch(key);
    return comment;
  }

  /** Jira's GET .../transitions: what leads on from where the issue is now. */
  private listTransitions(key: string, withFields: boolean): RawTransition[] {
    return this.available(this.stored(key)).map((edge) => ({
      id: edge.id,
      name: edge.name,
      isAvailable: true,
      isGlobal: edge.isGlobal === true,
      to: edge.to,
      ...(withFields && edge.screen && edge.screenListed !== false
        ? { fields: screenMetadata(edge.screen) }
        : {}),
    }));
  }

  /** Jira's POST .../transitions, refusing as Jira does (the bodies are Jira Cloud's). */
  private doTransition(parameters: {
    issueIdOrKey: string;
    transition: { id: string };
    fields?: Record<string, unknown>;
  }): void {
    const key = parameters.issueIdOrKey;
    const what = `POST /rest/api/3/issue/${key}/transitions`;
    const edge = this.available(this.stored(key)).find((e) => e.id === parameters.transition.id);
    if (!edge) {
      throw jiraRefusal(what, {
        errorMessages: [`Transition id '${parameters.transition.id}' is not valid for this issue.`],
        errors: {},
      });
    }
    const fields = parameters.fields ?? {};
    if (edge.screen) {
      const screen = edge.screen;
      const unknown = Object.keys(fields).filter((id) => !screen[id]);
      if (unknown.length > 0) {
        throw jiraRefusal(what, {
          errorMessages: [],
          errors: Object.fromEntries(
            unknown.map((id) => [
              id,
              `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`,
            ]),
          ),
        });
      }
      const missing = Object.entries(screen).filter(
        ([id, field]) => field.required && (fields[id] === undefined || fields[id] === null),
      );
      if (missing.length > 0) {
        throw jiraRefusal(what, {
          errorMessages: missing.map(([, field]) => `Field ${field.name} is required.`),
          errors: {},
        });
      }
    }
    this.transitioned.push({
      key,
      transition: edge.id,
      ...(parameters.fields ? { fields: parameters.fields } : {}),
    });
    this.move(key, edge.to, this.bot);
  }

  private available(issue: IssueSnapshot): WorkflowEdge[] {
    return this.workflow.filter((e) =>
      e.isGlobal ? e.to.id !== issue.status.id : e.from === issue.status.id,
    );
  }

  private stored(key: string): IssueSnapshot {
    const issue = this.issues.get(key);
    if (!issue) throw new Error(`the fake Jira has no issue ${key}`);
    return issue;
  }

  private touch(key: string): void {
    this.stored(key).updatedMs = this.now();
  }

  private record(op: string, key?: string, detail?: string): void {
    this.calls.push({ op, ...(key ? { key } : {}), ...(detail ? { detail } : {}) });
  }

  private fail(op: string, key?: string): void {
    const effect = this.effects.findIndex((e) => e.op === op);
    if (effect >= 0) this.effects.splice(effect, 1)[0]!.effect();
    const at = this.failures.findIndex(
      (f) => f.op === op && (f.key === undefined || f.key === key),
    );
    if (at < 0) return;
    const [failure] = this.failures.splice(at, 1);
    throw failure!.error;
  }
}

function screenMetadata(screen: NonNullable<WorkflowEdge['screen']>) {
  return Object.fromEntries(
    Object.entries(screen).map(([id, field]) => [
      id,
      {
        key: id,
        name: field.name,
        required: field.required === true,
        operations: ['set'],
        schema: { type: id === 'resolution' ? 'resolution' : 'string', system: id },
        ...(field.allowedValues ? { allowedValues: field.allowedValues } : {}),
      },
    ]),
  );
}

function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}
