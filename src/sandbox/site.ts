import { timeZone, type TimeZone } from '../calendar/index.ts';
import type {
  Group,
  IssueType,
  Organization,
  Priority,
  Project,
  Resolution,
  Status,
  Transition,
  User,
} from './model.ts';
import type { ScreenFieldId } from './screen-fields.ts';
import type { SandboxSeed } from './seed/seed-schema.ts';

/** Jira compares names in JQL ignoring case; accents are compared in one Unicode form. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('pt-BR');
}

/**
 * The configuration side of the sandbox Jira, fixed at seeding: users and groups, projects,
 * statuses, resolutions, priorities and the workflow. Issues live in the store.
 */
export class Site {
  readonly zone: TimeZone;
  readonly apiToken: string;
  /** how long a write stays invisible to JQL search */
  readonly searchLagMs: number;
  readonly users: User[] = [];
  readonly groups: Group[];
  readonly statuses: Status[];
  readonly resolutions: Resolution[];
  readonly priorities: Priority[];
  readonly projects: Project[];
  readonly transitions: Transition[];
  readonly initialStatusId: string;
  /** JSM customer organizations (the sandbox's one service desk has them all) */
  readonly organizations: Organization[];

  private readonly usersById = new Map<string, User>();
  private readonly usersByEmail = new Map<string, User>();
  private readonly statusesByName = new Map<string, Status>();
  private readonly statusesById = new Map<string, Status>();

  constructor(seed: SandboxSeed) {
    this.zone = timeZone(seed.site.timeZone);
    this.apiToken = seed.site.apiToken;
    this.searchLagMs = seed.site.searchLagMs;
    this.groups = seed.groups.map((g) => ({ ...g }));
    for (const user of seed.users) this.addUser({ ...user, groups: [...user.groups] });
    this.statuses = seed.statuses.map((s) => ({ ...s }));
    for (const status of this.statuses) {
      this.statusesByName.set(nameKey(status.name), status);
      this.statusesById.set(status.id, status);
    }
    this.organizations = seed.organizations.map((o) => ({
      id: o.id,
      name: o.name,
      memberIds: o.members.map((ref) => this.user(ref).accountId),
    }));
    this.resolutions = seed.resolutions.map((r) => ({ ...r }));
    this.priorities = seed.priorities.map((p) => ({ ...p }));
    this.projects = seed.projects.map((p) => ({
      ...p,
      issueTypes: p.issueTypes.map((t): IssueType => ({ ...t })),
    }));
    const statusId = (name: string) => this.statusesByName.get(nameKey(name))!.id;
    this.initialStatusId = statusId(seed.workflow.initialStatus);
    this.transitions = seed.workflow.transitions.map((t) => ({
      id: t.id,
      name: t.name,
      from: t.from === 'any' ? [] : t.from.map(statusId),
      to: statusId(t.to),
      // The seed schema has checked that every screen field is known.
      screen: t.screen as ScreenFieldId[],
      required: t.required as ScreenFieldId[],
      clearResolution: t.clearResolution,
      ...(t.resolution === undefined
        ? {}
        : { resolutionId: this.resolutions.find((r) => r.name === t.resolution)!.id }),
    }));
  }

  /** Adds a user (tests use it for extra analysts or customers). */
  addUser(user: User): User {
    this.users.push(user);
    this.usersById.set(user.accountId, user);
    this.usersByEmail.set(user.email.toLowerCase(), user);
    return user;
  }

  /** A user by account id or email. */
  findUser(ref: string): User | undefined {
    return this.usersById.get(ref) ?? this.usersByEmail.get(ref.toLowerCase());
  }

  /** Like findUser, for programmatic callers: an unknown user is a programming error. */
  user(ref: string): User {
    const user = this.findUser(ref);
    if (!user) throw new Error(`the sandbox has no user ${ref}`);
    return user;
  }

  organization(id: string): Organization | undefined {
    return this.organizations.find((o) => o.id === id);
  }

  /** An organization by id or name, for programmatic callers. */
  organizationOf(ref: string): Organization {
    const found = this.organizations.find((o) => o.id === ref || nameKey(o.name) === nameKey(ref));
    if (!found) throw new Error(`the sandbox has no organization ${ref}`);
    return found;
  }

  group(name: string): Group | undefined {
    return this.groups.find((g) => g.name === name);
  }

  /** A status by id or by name (case-insensitive). */
  findStatus(ref: string): Status | undefined {
    return this.statusesById.get(ref) ?? this.statusesByName.get(nameKey(ref));
  }

  status(ref: string): Status {
    const status = this.findStatus(ref);
    if (!status) throw new Error(`the sandbox has no status ${ref}`);
    return status;
  }

  /** A project by key (case-insensitive), id or name. */
  findProject(ref: string): Project | undefined {
    const upper = ref.toUpperCase();
    return (
      this.projects.find((p) => p.key === upper || p.id === ref) ??
      this.projects.find((p) => nameKey(p.name) === nameKey(ref))
    );
  }

  project(ref: string): Project {
    const project = this.findProject(ref);
    if (!project) throw new Error(`the sandbox has no project ${ref}`);
    return project;
  }

  findResolution(ref: string): Resolution | undefined {
    return this.resolutions.find((r) => r.id === ref || nameKey(r.name) === nameKey(ref));
  }

  findPriority(ref: string): Priority | undefined {
    return this.priorities.find((p) => p.id === ref || nameKey(p.name) === nameKey(ref));
  }

  /**
   * Whether Jira lets the user be an issue's assignee: not an app (Automation for Jira), not a
   * deactivated account, not a portal-only customer.
   */
  isAssignable(user: User): boolean {
    return user.active && user.accountType === 'atlassian';
  }

  /**
   * The transitions an issue in `statusId` can take, in the seed's order (which stands for Jira's
   * ops-bar sequence); a global transition is there from every status, its own target included.
   */
  transitionsFrom(statusId: string): Transition[] {
    return this.transitions.filter((t) => t.from.length === 0 || t.from.includes(statusId));
  }
}
