import { isAdfDocument, textToAdf } from './adf.ts';
import type { SandboxClock } from './clock.ts';
import { IssueIndex } from './issue-index.ts';
import type {
  AdfNode,
  ChangeItem,
  Comment,
  History,
  Issue,
  Status,
  Transition,
  User,
  Visibility,
} from './model.ts';
import { seededRandom } from './prng.ts';
import { SearchLag } from './search-lag.ts';
import type { Site } from './site.ts';

/** What happened in the sandbox, for admin webhooks (and anyone else who listens). */
export type SandboxEvent =
  | {
      kind: 'issue_created';
      issue: Issue;
      actor: User;
      at: number;
      /** what Jira's jira:issue_created carries as its changelog (not an entry of the history) */
      changelog: { id: string; items: ChangeItem[] };
    }
  | {
      kind: 'issue_updated';
      issue: Issue;
      actor: User;
      at: number;
      /** Jira's issue_event_type_name */
      eventType: 'issue_generic' | 'issue_assigned' | 'issue_updated' | 'issue_commented';
      history?: History;
      comment?: Comment;
    }
  | { kind: 'comment_created'; issue: Issue; actor: User; at: number; comment: Comment }
  | { kind: 'comment_deleted'; issue: Issue; actor: User; at: number; comment: Comment }
  | { kind: 'issue_deleted'; issue: Issue; actor: User; at: number };

export interface NewIssue {
  /** key, id or name; default the first project */
  project?: string;
  /** name or id; default the project's first issue type */
  issueType?: string;
  summary: string;
  description?: string | AdfNode | null;
  /** email or account id; default the actor */
  reporter?: string;
  assignee?: string | null;
  /** name or id; default the first priority */
  priority?: string;
  labels?: string[];
  /** JSM request participants (emails or account ids) */
  participants?: string[];
  /** the JSM organizations the request is shared with (names or ids) */
  organizations?: string[];
}

export interface ChangeOptions {
  /** who does it (email or account id); default the first seeded user (the service's bot) */
  by?: string;
  /** when (epoch ms); default the sandbox clock */
  at?: number;
  /** no webhooks (seeding) */
  silent?: boolean;
}

/**
 * The resolution a status change leaves: a resolution (name or id), null to clear it, absent to
 * leave it as it is.
 */
export interface ResolutionChange {
  resolution?: string | null;
}

export interface NewComment {
  body: string | AdfNode;
  /** an internal note: sets the `sd.public.comment` property to {internal: true} */
  internal?: boolean;
  visibility?: Visibility | null;
  properties?: Array<{ key: string; value: unknown }>;
  /** sent by e-mail: Jira then says whether the sender is part of the request */
  viaEmail?: boolean;
}

export interface IssueEdit {
  summary?: string;
  description?: string | AdfNode | null;
  priority?: string;
  labels?: string[];
  assignee?: string | null;
}

export interface BulkSeedOptions {
  project?: string;
  /** PRNG seed: the same seed gives the same issues */
  seed?: number;
  /** created instants are spread between these (epoch ms); default the 90 days before now */
  from?: number;
  to?: number;
  /** share of issues with a history longer than 40 entries (Jira's expand=changelog cap) */
  longHistoryShare?: number;
  /** comments per issue (default 1) */
  commentsPerIssue?: number;
  /** who reports, and who works on the issues (emails or account ids) */
  reporters?: string[];
  agents?: string[];
}

type Listener = (event: SandboxEvent) => void;

/** Bodies are never changed in place, so bulk-seeded comments share one. */
const BULK_COMMENT = textToAdf('Comentário de carga.');

export class TransitionNotAvailable extends Error {
  constructor(transitionId: string) {
    super(`Transition id '${transitionId}' is not valid for this issue.`);
    this.name = 'TransitionNotAvailable';
  }
}

/**
 * The issues of the sandbox Jira, with their histories, comments and properties, indexed by key,
 * id, and (project, status). Every change goes through here: it stamps the clock's time, writes
 * the changelog like Jira, and tells listeners (admin webhooks).
 */
export class SandboxStore {
  readonly site: Site;
  readonly index = new IssueIndex();
  /** what JQL search still sees of recent writes */
  readonly searchLag: SearchLag;
  private readonly clock: SandboxClock;
  private readonly byKey = new Map<string, Issue>();
  private readonly byId = new Map<string, Issue>();
  private readonly listeners = new Set<Listener>();
  private nextIssueId = 10000;
  private nextHistoryId = 10000;
  private nextCommentId = 10000;
  private readonly nextNumber = new Map<string, number>();
  private readonly sharedItems = new Map<string, ChangeItem[]>();

  constructor(site: Site, clock: SandboxClock) {
    this.site = site;
    this.clock = clock;
    this.searchLag = new SearchLag(site.searchLagMs, clock);
  }

  get size(): number {
    return this.byId.size;
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * The moment of a change: the one given, or now. A bad one is refused here rather than met later
   * in a search.
   */
  private when(at: number | undefined): number {
    if (at === undefined) return this.now();
    if (!Number.isFinite(at)) throw new RangeError(`invalid time for a sandbox change: ${at}`);
    return at;
  }

  /** Subscribes to changes; returns the unsubscribe function. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every issue and restarts ids and keys (the site stays). */
  clear(): void {
    this.byKey.clear();
    this.byId.clear();
    this.index.clear();
    this.searchLag.settle();
    this.nextNumber.clear();
    this.nextIssueId = 10000;
    this.nextHistoryId = 10000;
    this.nextCommentId = 10000;
  }

  /** By key (case-insensitive, as Jira) or numeric id. */
  issue(ref: string): Issue | undefined {
    return this.byKey.get(ref.toUpperCase()) ?? this.byId.get(ref);
  }

  requireIssue(ref: string): Issue {
    const issue = this.issue(ref);
    if (!issue) throw new Error(`the sandbox has no issue ${ref}`);
    return issue;
  }

  allIssues(): IterableIterator<Issue> {
    return this.byId.values();
  }

  createIssue(input: NewIssue, options: ChangeOptions = {}): Issue {
    const actor = this.actor(options);
    const at = this.when(options.at);
    const project =
      input.project === undefined ? this.site.projects[0]! : this.site.project(input.project);
    const issueType =
      input.issueType === undefined
        ? project.issueTypes[0]!
        : project.issueTypes.find((t) => t.id === input.issueType || t.name === input.issueType);
    if (!issueType) throw new Error(`project ${project.key} has no issue type ${input.issueType}`);
    const priority =
      input.priority === undefined
        ? this.site.priorities[0]!
        : this.site.findPriority(input.priority);
    if (!priority) throw new Error(`the sandbox has no priority ${input.priority}`);
    const issue = this.insertIssue({
      projectId: project.id,
      projectKey: project.key,
      issueTypeId: issueType.id,
      summary: input.summary,
      description: toAdf(input.description),
      reporterId:
        input.reporter === undefined ? actor.accountId : this.site.user(input.reporter).accountId,
      assigneeId:
        input.assignee === undefined || input.assignee === null
          ? null
          : this.site.user(input.assignee).accountId,
      creatorId: actor.accountId,
      priorityId: priority.id,
      labels: input.labels ?? [],
      created: at,
      statusId: this.site.initialStatusId,
      participantIds: (input.participants ?? []).map((ref) => this.site.user(ref).accountId),
      organizationIds: (input.organizations ?? []).map((ref) => this.site.organizationOf(ref).id),
    });
    this.searchLag.created(issue, at);
    if (!options.silent) {
      const status = this.site.status(issue.statusId);
      const reporter = this.site.user(issue.reporterId);
      const items = [
        item('priority', null, null, priority.id, priority.name),
        item('reporter', null, null, reporter.accountId, reporter.displayName),
        item('status', null, null, status.id, status.name),
        item('summary', null, null, null, issue.summary),
      ];
      const changelog = { id: String(this.nextHistoryId++), items };
      this.emit({ kind: 'issue_created', issue, actor, at, changelog });
    }
    return issue;
  }

  /** The transitions available to an issue now, as Jira lists them. */
  availableTransitions(issue: Issue): Transition[] {
    return this.site.transitionsFrom(issue.statusId);
  }

  /**
   * Performs a workflow transition (by id or name). Throws TransitionNotAvailable when the issue's
   * status does not offer it, like Jira's 400. The resolution changes only as the request says
   * (`resolution`, the screen's field) or as the transition's post-function says; entering or
   * leaving a done status does nothing to it by itself. Required screen fields are the REST
   * layer's check: this is the programmatic way in.
   */
  transition(
    ref: string,
    transitionRef: string,
    options: ChangeOptions & ResolutionChange = {},
  ): History {
    const issue = this.requireIssue(ref);
    const transition = this.availableTransitions(issue).find(
      (t) => t.id === transitionRef || t.name === transitionRef,
    );
    if (!transition) throw new TransitionNotAvailable(transitionRef);
    const requested = this.resolutionRef(options.resolution);
    return this.changeStatus(
      issue,
      this.site.status(transition.to),
      options,
      postFunctionResolution(transition, requested),
    );
  }

  /**
   * Puts an issue in a status without the workflow (seeding history, test set-up); the
   * resolution changes only when `resolution` is given.
   */
  moveToStatus(
    ref: string,
    status: string,
    options: ChangeOptions & ResolutionChange = {},
  ): History {
    return this.changeStatus(
      this.requireIssue(ref),
      this.site.status(status),
      options,
      this.resolutionRef(options.resolution),
    );
  }

  /**
   * Deletes an issue: its key and id are gone (a later search naming the key is a JQL error) and
   * are never given again, as in Jira.
   */
  deleteIssue(ref: string, options: ChangeOptions = {}): void {
    const issue = this.requireIssue(ref);
    const actor = this.actor(options);
    const at = this.when(options.at);
    this.searchLag.changing(issue);
    this.index.remove(issue);
    this.searchLag.changed(issue, at, true);
    this.byKey.delete(issue.key);
    this.byId.delete(issue.id);
    if (!options.silent) this.emit({ kind: 'issue_deleted', issue, actor, at });
  }

  /** A resolution name or id to its id; null stays null (clear), undefined (unchanged) too. */
  private resolutionRef(ref: string | null | undefined): string | null | undefined {
    if (ref === undefined || ref === null) return ref;
    const resolution = this.site.findResolution(ref);
    if (!resolution) throw new Error(`the sandbox has no resolution ${ref}`);
    return resolution.id;
  }

  assign(ref: string, assignee: string | null, options: ChangeOptions = {}): History | null {
    return this.edit(ref, { assignee }, options);
  }

  /** Edits fields; one changelog entry for all of them, none when nothing changed. */
  edit(ref: string, changes: IssueEdit, options: ChangeOptions = {}): History | null {
    const issue = this.requireIssue(ref);
    const actor = this.actor(options);
    const at = this.when(options.at);
    this.searchLag.changing(issue);
    const items: ChangeItem[] = [];
    if (changes.summary !== undefined && changes.summary !== issue.summary) {
      items.push(item('summary', null, issue.summary, null, changes.summary));
      issue.summary = changes.summary;
    }
    if (changes.description !== undefined) {
      items.push(item('description', null, null, null, null));
      issue.description = toAdf(changes.description);
    }
    if (changes.priority !== undefined) {
      const priority = this.site.findPriority(changes.priority);
      if (!priority) throw new Error(`the sandbox has no priority ${changes.priority}`);
      if (priority.id !== issue.priorityId) {
        const old = this.site.findPriority(issue.priorityId)!;
        items.push(item('priority', old.id, old.name, priority.id, priority.name));
        issue.priorityId = priority.id;
      }
    }
    if (changes.labels !== undefined) {
      const before = issue.labels.join(' ');
      const after = changes.labels.join(' ');
      if (before !== after) items.push(item('labels', null, before, null, after));
      issue.labels = [...changes.labels];
    }
    let assigned = false;
    if (changes.assignee !== undefined) {
      const next = changes.assignee === null ? null : this.site.user(changes.assignee);
      if ((next?.accountId ?? null) !== issue.assigneeId) {
        const old = issue.assigneeId === null ? null : this.site.findUser(issue.assigneeId);
        items.push(
          item(
            'assignee',
            old?.accountId ?? null,
            old?.displayName ?? null,
            next?.accountId ?? null,
            next?.displayName ?? null,
          ),
        );
        issue.assigneeId = next?.accountId ?? null;
        assigned = true;
      }
    }
    if (items.length === 0) return null;
    const history = this.record(issue, actor, at, items);
    this.searchLag.changed(issue, at);
    if (!options.silent) {
      this.emit({
        kind: 'issue_updated',
        issue,
        actor,
        at,
        eventType: assigned && items.length === 1 ? 'issue_assigned' : 'issue_updated',
        history,
      });
    }
    return history;
  }

  addComment(ref: string, input: NewComment, options: ChangeOptions = {}): Comment {
    const issue = this.requireIssue(ref);
    const actor = this.actor(options);
    const at = this.when(options.at);
    const properties = new Map<string, unknown>();
    for (const property of input.properties ?? []) properties.set(property.key, property.value);
    if (input.internal) properties.set('sd.public.comment', { internal: true });
    const comment: Comment = {
      id: String(this.nextCommentId++),
      issueId: issue.id,
      authorId: actor.accountId,
      updateAuthorId: actor.accountId,
      body: toAdf(input.body)!,
      created: at,
      updated: at,
      visibility: input.visibility ?? null,
      properties,
      ...(input.viaEmail ? { authorCanSeeRequest: this.isPartOfRequest(issue, actor) } : {}),
    };
    this.searchLag.changing(issue);
    issue.comments.push(comment);
    issue.updated = at;
    this.searchLag.changed(issue, at);
    if (!options.silent) {
      this.emit({ kind: 'comment_created', issue, actor, at, comment });
      // Jira also reports a comment as an issue update ("issue_commented"), without a changelog.
      this.emit({ kind: 'issue_updated', issue, actor, at, eventType: 'issue_commented', comment });
    }
    return comment;
  }

  /** Whether a user may see the request as its customer: reporter, participant or member. */
  isPartOfRequest(issue: Issue, user: User): boolean {
    if (user.accountId === issue.reporterId || issue.participantIds.includes(user.accountId)) {
      return true;
    }
    return issue.organizationIds.some((id) =>
      this.site.organization(id)?.memberIds.includes(user.accountId),
    );
  }

  /**
   * Adds request participants (JSM's "Add request participants"); ones already there stay once.
   * Not an edit of a field Jira searches by, so the search index is not touched.
   */
  addParticipants(ref: string, accountIds: readonly string[]): Issue {
    const issue = this.requireIssue(ref);
    for (const id of accountIds) {
      if (!issue.participantIds.includes(id)) issue.participantIds.push(id);
    }
    return issue;
  }

  /**
   * Deletes a comment and answers it, or undefined when the issue has no such comment. The issue's
   * `updated` stays: deleting changes no field and writes no history entry. Sends comment_deleted
   * with the comment as it was.
   */
  deleteComment(ref: string, commentId: string, options: ChangeOptions = {}): Comment | undefined {
    const issue = this.requireIssue(ref);
    const at = issue.comments.findIndex((c) => c.id === commentId);
    if (at < 0) return undefined;
    this.searchLag.changing(issue);
    const [comment] = issue.comments.splice(at, 1);
    this.searchLag.changed(issue, this.when(options.at));
    if (!options.silent) {
      this.emit({
        kind: 'comment_deleted',
        issue,
        actor: this.actor(options),
        at: this.when(options.at),
        comment: comment!,
      });
    }
    return comment;
  }

  /** Returns true when the property was created, false when it replaced a value. */
  setProperty(ref: string, key: string, value: unknown): boolean {
    const issue = this.requireIssue(ref);
    const created = !issue.properties.has(key);
    this.searchLag.changing(issue);
    issue.properties.set(key, value);
    this.searchLag.changed(issue, this.now());
    return created;
  }

  /** Returns false when there was no such property. */
  deleteProperty(ref: string, key: string): boolean {
    const issue = this.requireIssue(ref);
    this.searchLag.changing(issue);
    const deleted = issue.properties.delete(key);
    this.searchLag.changed(issue, this.now());
    return deleted;
  }

  /**
   * Bulk-creates issues for benchmarks: random walks through the workflow with timestamps in the
   * past, some histories longer than 40 entries, a comment or so each. No webhooks. Deterministic
   * for a given seed.
   */
  seedIssues(count: number, options: BulkSeedOptions = {}): { first: string; last: string } {
    const random = seededRandom(options.seed ?? 1);
    const project = this.site.project(options.project ?? this.site.projects[0]!.key);
    const to = options.to ?? this.now();
    const from = options.from ?? to - 90 * 86_400_000;
    const longShare = options.longHistoryShare ?? 0.02;
    const commentsPerIssue = options.commentsPerIssue ?? 1;
    const agents = (options.agents ?? this.defaultAgents()).map((ref) => this.site.user(ref));
    const reporters = (options.reporters ?? this.defaultReporters()).map((ref) =>
      this.site.user(ref),
    );
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
    const statuses = new Map(this.site.statuses.map((s) => [s.id, s]));
    let first = '';
    let last = '';
    for (let n = 0; n < count; n++) {
      const steps =
        random() < longShare ? 41 + Math.floor(random() * 40) : Math.floor(random() * 7);
      const created = from + Math.floor(random() * Math.max(1, to - from - 3_600_000));
      const stepMs = Math.max(1000, Math.min(7_200_000, Math.floor((to - created) / (steps + 1))));
      const reporter = pick(reporters);
      const agent = pick(agents);
      const issue = this.insertIssue(
        {
          projectId: project.id,
          projectKey: project.key,
          issueTypeId: project.issueTypes[0]!.id,
          summary: `Chamado de carga ${n + 1}`,
          description: null,
          reporterId: reporter.accountId,
          assigneeId: agent.accountId,
          creatorId: reporter.accountId,
          priorityId: this.site.priorities[0]!.id,
          labels: [],
          created,
          statusId: this.site.initialStatusId,
          participantIds: [],
          organizationIds: [],
        },
        false,
      );
      let at = created;
      const firstResolution = this.site.resolutions[0]!.id;
      for (let step = 0; step < steps; step++) {
        const transition = pick(this.site.transitionsFrom(issue.statusId));
        at += stepMs;
        // The agent fills a required resolution with the first one, as Jira's screen offers it.
        const filled = transition.required.includes('resolution') ? firstResolution : undefined;
        const resolutionId = postFunctionResolution(transition, filled);
        this.applyStatus(issue, statuses.get(transition.to)!, at, agent.accountId, resolutionId);
      }
      for (let c = 0; c < commentsPerIssue; c++) {
        const author = random() < 0.5 ? reporter : agent;
        at = Math.min(to, at + 60_000);
        issue.comments.push({
          id: String(this.nextCommentId++),
          issueId: issue.id,
          authorId: author.accountId,
          updateAuthorId: author.accountId,
          body: BULK_COMMENT,
          created: at,
          updated: at,
          visibility: null,
          properties: new Map(),
        });
        issue.updated = at;
      }
      this.index.add(issue);
      first ||= issue.key;
      last = issue.key;
    }
    return { first, last };
  }

  private defaultAgents(): string[] {
    const agents = this.site.users.filter(
      (u) => this.site.isAssignable(u) && !u.siteAdmin && u.groups.length > 0,
    );
    return (agents.length > 0 ? agents : this.site.users.slice(0, 1)).map((u) => u.accountId);
  }

  private defaultReporters(): string[] {
    const reporters = this.site.users.filter(
      (u) => u.groups.length === 0 && u.active && u.accountType !== 'app',
    );
    return (reporters.length > 0 ? reporters : this.site.users.slice(0, 1)).map((u) => u.accountId);
  }

  private insertIssue(
    fields: Omit<
      Issue,
      | 'id'
      | 'key'
      | 'number'
      | 'histories'
      | 'comments'
      | 'properties'
      | 'updated'
      | 'statusCategoryChangeDate'
      | 'resolutionId'
      | 'resolutionDate'
    > & { projectKey: string },
    indexed = true,
  ): Issue {
    const { projectKey, ...rest } = fields;
    const number = (this.nextNumber.get(fields.projectId) ?? 0) + 1;
    this.nextNumber.set(fields.projectId, number);
    const issue: Issue = {
      ...rest,
      id: String(this.nextIssueId++),
      key: `${projectKey}-${number}`,
      number,
      updated: fields.created,
      statusCategoryChangeDate: fields.created,
      resolutionId: null,
      resolutionDate: null,
      histories: [],
      comments: [],
      properties: new Map(),
    };
    this.byKey.set(issue.key, issue);
    this.byId.set(issue.id, issue);
    if (indexed) this.index.add(issue);
    return issue;
  }

  private changeStatus(
    issue: Issue,
    to: Status,
    options: ChangeOptions,
    resolutionId: string | null | undefined,
  ): History {
    const actor = this.actor(options);
    const at = this.when(options.at);
    this.searchLag.changing(issue);
    this.index.remove(issue);
    const history = this.applyStatus(issue, to, at, actor.accountId, resolutionId);
    this.index.add(issue);
    this.searchLag.changed(issue, at);
    if (!options.silent) {
      this.emit({ kind: 'issue_updated', issue, actor, at, eventType: 'issue_generic', history });
    }
    return history;
  }

  /**
   * A status change and, when `resolutionId` is not undefined, the resolution (null clears it):
   * one changelog entry holds both items, resolution first, as Jira writes them. The status
   * category plays no part (a done status without a resolution, or an open one with a resolution,
   * is what a Jira workflow without the post-functions gives). The caller maintains the index.
   */
  private applyStatus(
    issue: Issue,
    to: Status,
    at: number,
    authorId: string,
    resolutionId: string | null | undefined,
  ): History {
    const from = this.site.status(issue.statusId);
    const resolutionChanged = resolutionId !== undefined && resolutionId !== issue.resolutionId;
    const items = this.statusItems(
      from,
      to,
      resolutionChanged ? issue.resolutionId : undefined,
      resolutionId ?? null,
    );
    if (resolutionChanged && resolutionId !== undefined) {
      issue.resolutionId = resolutionId;
      issue.resolutionDate = resolutionId === null ? null : at;
    }
    issue.statusId = to.id;
    if (from.category !== to.category) issue.statusCategoryChangeDate = at;
    return this.record(issue, this.site.user(authorId), at, items);
  }

  /**
   * The items of a status change. They never change once written, so every issue that moved the
   * same way shares one array: 100,000 issues and their histories fit in far less memory.
   */
  private statusItems(
    from: Status,
    to: Status,
    oldResolutionId: string | null | undefined,
    newResolutionId: string | null,
  ): ChangeItem[] {
    const resolutionKey =
      oldResolutionId === undefined ? '' : `${oldResolutionId}>${newResolutionId}`;
    const key = `${from.id}>${to.id}|${resolutionKey}`;
    let items = this.sharedItems.get(key);
    if (!items) {
      items = [];
      if (oldResolutionId !== undefined) {
        const old = oldResolutionId === null ? null : this.site.findResolution(oldResolutionId);
        const next = newResolutionId === null ? null : this.site.findResolution(newResolutionId);
        items.push(
          item(
            'resolution',
            old?.id ?? null,
            old?.name ?? null,
            next?.id ?? null,
            next?.name ?? null,
          ),
        );
      }
      items.push(item('status', from.id, from.name, to.id, to.name));
      this.sharedItems.set(key, items);
    }
    return items;
  }

  private record(issue: Issue, actor: User, at: number, items: ChangeItem[]): History {
    const history: History = {
      id: String(this.nextHistoryId++),
      authorId: actor.accountId,
      created: at,
      items,
    };
    issue.histories.push(history);
    issue.updated = at;
    return history;
  }

  private actor(options: ChangeOptions): User {
    return options.by === undefined ? this.site.users[0]! : this.site.user(options.by);
  }

  private emit(event: SandboxEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * What a transition leaves in the resolution field: its post-function wins over the screen's
 * value (Jira runs post-functions after the screen's fields are applied).
 */
function postFunctionResolution(
  transition: Transition,
  requested: string | null | undefined,
): string | null | undefined {
  if (transition.resolutionId !== undefined) return transition.resolutionId;
  if (transition.clearResolution) return null;
  return requested;
}

function item(
  field: string,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toString: string | null,
): ChangeItem {
  return { field, fieldtype: 'jira', fieldId: field, from, fromString, to, toString };
}

function toAdf(body: string | AdfNode | null | undefined): AdfNode | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return textToAdf(body);
  if (!isAdfDocument(body)) throw new Error('expected an Atlassian Document ({type: "doc", ...})');
  return body;
}
