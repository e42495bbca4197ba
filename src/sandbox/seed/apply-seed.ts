import type { Issue } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { resolveSeedInstant } from './load-seed.ts';
import type { SandboxSeed } from './seed-schema.ts';

/**
 * Creates the seed's demo issues with their past: status changes and comments are replayed in
 * time order at their own instants (periods such as `-20d` count back from `now`). No webhooks.
 */
export function applySeedIssues(store: SandboxStore, seed: SandboxSeed, now: number): void {
  const zone = store.site.zone;
  const at = (text: string) => resolveSeedInstant(text, now, zone);
  for (const entry of seed.issues) {
    const issue = store.createIssue(
      {
        project: entry.project,
        issueType: entry.issueType,
        summary: entry.summary,
        description: entry.description,
        reporter: entry.reporter,
        assignee: entry.assignee,
        priority: entry.priority,
        labels: entry.labels,
        participants: entry.participants,
        organizations: entry.organizations,
      },
      { by: entry.reporter, at: at(entry.created), silent: true },
    );
    const steps = [
      ...entry.history.map((h) => ({
        at: at(h.at),
        apply: (when: number) =>
          store.moveToStatus(issue.key, h.status, {
            by: h.by,
            at: when,
            silent: true,
            ...(h.resolution === undefined ? {} : { resolution: h.resolution }),
          }),
      })),
      ...entry.comments.map((c) => ({
        at: at(c.at),
        apply: (when: number) =>
          store.addComment(
            issue.key,
            {
              body: c.body,
              internal: c.internal,
              viaEmail: c.viaEmail,
              properties: Object.entries(c.properties).map(([key, value]) => ({
                key,
                value: resolvePlaceholders(value, issue),
              })),
            },
            { by: c.by, at: when, silent: true },
          ),
      })),
    ].sort((a, b) => a.at - b.at);
    for (const step of steps) step.apply(step.at);
    for (const [key, value] of Object.entries(entry.properties)) {
      store.setProperty(issue.key, key, resolvePlaceholders(value, issue));
    }
  }
}

/**
 * What a seed cannot know in advance, in property values (issue and comment properties): Jira
 * assigns changelog ids, and a property that records one (the service's reminder record, the
 * markers of its comments) must name the real one. A string value that is exactly
 * `{{statusChange.id}}` becomes the id of the issue's latest status change so far, and
 * `{{comment.created}}` the creation instant (ISO, UTC) of its latest comment so far.
 */
export function resolvePlaceholders(value: unknown, issue: Issue): unknown {
  if (value === '{{statusChange.id}}') {
    const change = issue.histories.findLast((h) => h.items.some((i) => i.field === 'status'));
    if (!change) throw new Error(`${issue.key}: {{statusChange.id}} before any status change`);
    return change.id;
  }
  if (value === '{{comment.created}}') {
    const comment = issue.comments.at(-1);
    if (!comment) throw new Error(`${issue.key}: {{comment.created}} before any comment`);
    return new Date(comment.created).toISOString();
  }
  if (Array.isArray(value)) return value.map((item) => resolvePlaceholders(item, issue));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolvePlaceholders(item, issue)]),
    );
  }
  return value;
}
