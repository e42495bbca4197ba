import { parseJqlDate } from '../jira-time.ts';
import type { Issue } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { JqlError, type JqlNode, type JqlQuery, type JqlSort, type JqlValue } from './parse.ts';

/** A query bound to the sandbox's data: a predicate, where to look, and the order. */
export interface CompiledJql {
  matches: (issue: Issue) => boolean;
  /** the (project id, status id) groups that can hold matches */
  groups: Array<{ projectId: string; statusId: string }>;
  /** when the query names issues by key: the only candidates */
  issues: Issue[] | null;
  orderBy: JqlSort[];
  /** Jira's enhanced search refuses a query without any restriction */
  bounded: boolean;
}

/** Without ORDER BY, Jira's search answers newest key first. */
export const DEFAULT_ORDER: JqlSort[] = [{ field: 'key', direction: 'desc' }];

type Rect = { projects: Set<string> | null; statuses: Set<string> | null };
type Plan =
  { kind: 'all' } | { kind: 'rects'; rects: Rect[] } | { kind: 'issues'; issues: Set<Issue> };

/** Binds a parsed query to the store; throws a JqlError for values Jira would reject. */
export function compileJql(query: JqlQuery, store: SandboxStore): CompiledJql {
  const now = store.now();
  const compiled = query.where ? compileNode(query.where, store, now) : null;
  const plan = compiled?.plan ?? { kind: 'all' };
  return {
    matches: compiled?.predicate ?? (() => true),
    groups: plan.kind === 'issues' ? [] : expand(plan.kind === 'all' ? [ANY] : plan.rects, store),
    issues: plan.kind === 'issues' ? [...plan.issues] : null,
    orderBy: query.orderBy.length > 0 ? query.orderBy : DEFAULT_ORDER,
    bounded: query.where !== null,
  };
}

const ANY: Rect = { projects: null, statuses: null };

function expand(rects: Rect[], store: SandboxStore): CompiledJql['groups'] {
  const seen = new Set<string>();
  const groups: CompiledJql['groups'] = [];
  for (const rect of rects) {
    const projects = rect.projects ? [...rect.projects] : store.site.projects.map((p) => p.id);
    const statuses = rect.statuses ? [...rect.statuses] : store.site.statuses.map((s) => s.id);
    for (const projectId of projects) {
      for (const statusId of statuses) {
        const key = `${projectId}|${statusId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        groups.push({ projectId, statusId });
      }
    }
  }
  return groups;
}

interface Compiled {
  predicate: (issue: Issue) => boolean;
  plan: Plan;
}

function compileNode(node: JqlNode, store: SandboxStore, now: number): Compiled {
  switch (node.kind) {
    case 'and': {
      const left = compileNode(node.left, store, now);
      const right = compileNode(node.right, store, now);
      return {
        predicate: (issue) => left.predicate(issue) && right.predicate(issue),
        plan: intersect(left.plan, right.plan),
      };
    }
    case 'or': {
      const left = compileNode(node.left, store, now);
      const right = compileNode(node.right, store, now);
      return {
        predicate: (issue) => left.predicate(issue) || right.predicate(issue),
        plan: union(left.plan, right.plan),
      };
    }
    case 'not': {
      const operand = compileNode(node.operand, store, now);
      return { predicate: (issue) => !operand.predicate(issue), plan: { kind: 'all' } };
    }
    case 'term':
      return compileTerm(node, store, now);
  }
}

function compileTerm(
  term: Extract<JqlNode, { kind: 'term' }>,
  store: SandboxStore,
  now: number,
): Compiled {
  const negated = term.operator === '!=' || term.operator === 'not in';
  const all: Plan = { kind: 'all' };
  switch (term.field) {
    case 'project': {
      const ids = new Set(term.values.map((v) => projectId(v, term.name, store)));
      return {
        predicate: negated ? (i) => !ids.has(i.projectId) : (i) => ids.has(i.projectId),
        plan: negated ? all : { kind: 'rects', rects: [{ projects: ids, statuses: null }] },
      };
    }
    case 'status': {
      const ids = new Set(term.values.map((v) => statusId(v, term.name, store)));
      return {
        predicate: negated ? (i) => !ids.has(i.statusId) : (i) => ids.has(i.statusId),
        plan: negated ? all : { kind: 'rects', rects: [{ projects: null, statuses: ids }] },
      };
    }
    case 'key': {
      const issues = new Set(term.values.map((v) => issueByKey(v, term.name, store)));
      // By id: the search index holds copies of recently written issues.
      const ids = new Set([...issues].map((issue) => issue.id));
      return {
        predicate: negated ? (i) => !ids.has(i.id) : (i) => ids.has(i.id),
        plan: negated ? all : { kind: 'issues', issues },
      };
    }
    case 'created':
    case 'updated': {
      const field = term.field;
      const value = term.values[0]!;
      const threshold = parseJqlDate(value.text, now, store.site.zone);
      if (threshold === undefined) {
        throw new JqlError(
          `Date value '${value.text}' for field '${term.name}' is invalid. Valid formats include: ` +
            `'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
        );
      }
      const compare = COMPARE[term.operator]!;
      return { predicate: (i) => compare(i[field], threshold), plan: all };
    }
  }
}

const COMPARE: Partial<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

function projectId(value: JqlValue, field: string, store: SandboxStore): string {
  const project = store.site.findProject(value.text);
  if (!project)
    throw new JqlError(`The value '${value.text}' does not exist for the field '${field}'.`);
  return project.id;
}

function statusId(value: JqlValue, field: string, store: SandboxStore): string {
  // Jira matches a status by name ignoring case, or by id; a look-alike name (a hyphen for the en
  // dash) is another, unknown status.
  const status = store.site.findStatus(value.text);
  if (!status)
    throw new JqlError(`The value '${value.text}' does not exist for the field '${field}'.`);
  return status.id;
}

function issueByKey(value: JqlValue, field: string, store: SandboxStore): Issue {
  if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(value.text) && !/^\d+$/.test(value.text)) {
    throw new JqlError(`The issue key '${value.text}' for field '${field}' is invalid.`);
  }
  const issue = store.issue(value.text);
  if (!issue) {
    throw new JqlError(`An issue with key '${value.text}' does not exist for field '${field}'.`);
  }
  return issue;
}

function intersect(a: Plan, b: Plan): Plan {
  if (a.kind === 'all') return b;
  if (b.kind === 'all') return a;
  if (a.kind === 'issues') return a;
  if (b.kind === 'issues') return b;
  const rects: Rect[] = [];
  for (const x of a.rects) {
    for (const y of b.rects) {
      const projects = meet(x.projects, y.projects);
      const statuses = meet(x.statuses, y.statuses);
      if (projects?.size !== 0 && statuses?.size !== 0) rects.push({ projects, statuses });
    }
  }
  return { kind: 'rects', rects };
}

function meet(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (a === null) return b;
  if (b === null) return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function union(a: Plan, b: Plan): Plan {
  if (a.kind === 'rects' && b.kind === 'rects')
    return { kind: 'rects', rects: [...a.rects, ...b.rects] };
  if (a.kind === 'issues' && b.kind === 'issues') {
    return { kind: 'issues', issues: new Set([...a.issues, ...b.issues]) };
  }
  return { kind: 'all' };
}
