import type { SandboxClock } from './clock.ts';
import type { IssueIndex } from './issue-index.ts';
import type { Issue } from './model.ts';

/**
 * Jira Cloud's search is eventually consistent: a write reaches the JQL index some time after it
 * is made, while GET issue (and a search that names the issue in `reconcileIssues`) sees it at
 * once. The sandbox keeps, for each issue written in the last `lagMs`, the copy the index still
 * holds and the versions on their way to it.
 *
 * A version is indexed once `lagMs` of real (monotonic) time has passed since the write, or once
 * the sandbox clock is `lagMs` past the write's own instant: a test that arranges history in the
 * past, or moves a frozen clock on, has let that time pass.
 */
export class SearchLag {
  private readonly pending = new Map<string, Pending>();
  readonly lagMs: number;
  private readonly clock: SandboxClock;
  private readonly realNow: () => number;

  constructor(lagMs: number, clock: SandboxClock, realNow: () => number = () => performance.now()) {
    this.lagMs = lagMs;
    this.clock = clock;
    this.realNow = realNow;
  }

  /** How many issues the index is behind on. */
  get behind(): number {
    this.catchUp();
    return this.pending.size;
  }

  /** A new issue: the index does not know it yet. */
  created(issue: Issue, at: number): void {
    if (this.lagMs === 0 || this.indexedAlready(at)) return;
    this.pending.set(issue.id, { indexed: null, versions: [] });
    this.changed(issue, at);
  }

  /** Call before changing an existing issue, so that the index keeps the copy it has. */
  changing(issue: Issue): void {
    if (this.lagMs === 0 || this.pending.has(issue.id)) return;
    this.pending.set(issue.id, { indexed: copyOf(issue), versions: [] });
  }

  /** Call after the change (`changing` first); a deleted issue leaves the index when it matures. */
  changed(issue: Issue, at: number, deleted = false): void {
    if (this.lagMs === 0) return;
    const entry = this.pending.get(issue.id);
    if (!entry) throw new Error(`SearchLag.changed(${issue.key}) without changing()`);
    // Arranged in the past: indexed, and so is all before it (no copy to keep).
    if (this.indexedAlready(at)) {
      this.pending.delete(issue.id);
      return;
    }
    entry.versions.push({ realAt: this.realNow(), at, issue: deleted ? null : copyOf(issue) });
  }

  /** Indexes every pending write now (a test's "wait until Jira has indexed"). */
  settle(): number {
    const count = this.pending.size;
    this.pending.clear();
    return count;
  }

  /**
   * What a search sees now. Issues whose ids are in `reconcile` are read as they are (Jira's
   * `reconcileIssues`); `live` finds an issue of the store by id.
   */
  view(index: IssueIndex, live: (id: string) => Issue | undefined, reconcile: ReadonlySet<string>) {
    this.catchUp();
    const stale = new Map<string, Issue | null>();
    for (const [id, entry] of this.pending) {
      if (!reconcile.has(id)) stale.set(id, entry.indexed);
    }
    return stale.size === 0 ? liveView(index) : new StaleView(index, live, stale);
  }

  private indexedAlready(at: number): boolean {
    return this.clock.now() - at >= this.lagMs;
  }

  private catchUp(): void {
    if (this.pending.size === 0) return;
    const real = this.realNow();
    const clock = this.clock.now();
    for (const [id, entry] of this.pending) {
      let matured = -1;
      entry.versions.forEach((version, at) => {
        if (real - version.realAt >= this.lagMs || clock - version.at >= this.lagMs) matured = at;
      });
      if (matured < 0) continue;
      if (matured === entry.versions.length - 1) {
        this.pending.delete(id);
        continue;
      }
      entry.indexed = entry.versions[matured]!.issue;
      entry.versions.splice(0, matured + 1);
    }
  }
}

interface Version {
  /** real time of the write (performance.now) */
  realAt: number;
  /** the sandbox clock's instant of the write */
  at: number;
  /** the issue after the write; null once deleted */
  issue: Issue | null;
}

interface Pending {
  /** the copy the index holds; null while the index has never seen the issue (or no more) */
  indexed: Issue | null;
  versions: Version[];
}

/** The index's side of a search: the candidates of a (project, status) group, and one issue. */
export interface SearchView {
  /** the group as the index holds it, sorted by number */
  group(projectId: string, statusId: string): readonly Issue[];
  /** the index's copy of a live issue; undefined when the index does not hold it */
  version(issue: Issue): Issue | undefined;
}

function liveView(index: IssueIndex): SearchView {
  return { group: (projectId, statusId) => index.group(projectId, statusId), version: (i) => i };
}

class StaleView implements SearchView {
  /** groups the stale entries touch: live issues to hide there, indexed copies to show */
  private readonly touched = new Set<string>();
  private readonly copies = new Map<string, Issue[]>();
  private readonly index: IssueIndex;
  private readonly stale: Map<string, Issue | null>;

  constructor(
    index: IssueIndex,
    live: (id: string) => Issue | undefined,
    stale: Map<string, Issue | null>,
  ) {
    this.index = index;
    this.stale = stale;
    for (const [id, copy] of stale) {
      const current = live(id);
      if (current) this.touched.add(groupKey(current.projectId, current.statusId));
      if (!copy) continue;
      const key = groupKey(copy.projectId, copy.statusId);
      this.touched.add(key);
      const list = this.copies.get(key) ?? [];
      list.push(copy);
      this.copies.set(key, list);
    }
  }

  group(projectId: string, statusId: string): readonly Issue[] {
    const key = groupKey(projectId, statusId);
    const group = this.index.group(projectId, statusId);
    if (!this.touched.has(key)) return group;
    return group
      .filter((issue) => !this.stale.has(issue.id))
      .concat(this.copies.get(key) ?? [])
      .sort((a, b) => a.number - b.number);
  }

  version(issue: Issue): Issue | undefined {
    return this.stale.has(issue.id) ? (this.stale.get(issue.id) ?? undefined) : issue;
  }
}

function groupKey(projectId: string, statusId: string): string {
  return `${projectId}|${statusId}`;
}

/**
 * The issue as it is now. Histories, comment bodies and change items are never changed in place,
 * so their arrays are copied and their entries shared.
 */
function copyOf(issue: Issue): Issue {
  return {
    ...issue,
    labels: [...issue.labels],
    histories: [...issue.histories],
    comments: issue.comments.map((c) => ({ ...c, properties: new Map(c.properties) })),
    properties: new Map(issue.properties),
  };
}
