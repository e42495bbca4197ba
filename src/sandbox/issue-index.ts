import type { Issue } from './model.ts';

/**
 * Issues grouped by (project, status), each group sorted by issue number. A JQL query that names
 * projects or statuses reads only their groups, and `ORDER BY key` pages walk the groups in order
 * from the last key seen, so a page costs about its own size even with 100,000 issues.
 */
export class IssueIndex {
  private readonly groups = new Map<string, Issue[]>();

  private static groupKey(projectId: string, statusId: string): string {
    return `${projectId}|${statusId}`;
  }

  add(issue: Issue): void {
    const key = IssueIndex.groupKey(issue.projectId, issue.statusId);
    let group = this.groups.get(key);
    if (!group) {
      group = [];
      this.groups.set(key, group);
    }
    const last = group[group.length - 1];
    // New issues carry the highest number: appending is the common case.
    if (!last || last.number < issue.number) group.push(issue);
    else group.splice(upperBound(group, issue.number), 0, issue);
  }

  remove(issue: Issue): void {
    const group = this.groups.get(IssueIndex.groupKey(issue.projectId, issue.statusId));
    if (!group) return;
    const at = upperBound(group, issue.number) - 1;
    if (at >= 0 && group[at] === issue) group.splice(at, 1);
  }

  /** The group of one project and status (sorted by number); empty when there is none. */
  group(projectId: string, statusId: string): readonly Issue[] {
    return this.groups.get(IssueIndex.groupKey(projectId, statusId)) ?? [];
  }

  clear(): void {
    this.groups.clear();
  }
}

/** The index of the first issue whose number is greater than `number`. */
export function upperBound(group: readonly Issue[], number: number): number {
  let low = 0;
  let high = group.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (group[mid]!.number <= number) low = mid + 1;
    else high = mid;
  }
  return low;
}
