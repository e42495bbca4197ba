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
            { body: c.body, internal: c.internal, viaEmail: c.viaEmail },
            { by: c.by, at: when, silent: true },
          ),
      })),
    ].sort((a, b) => a.at - b.at);
    for (const step of steps) step.apply(step.at);
    for (const [key, value] of Object.entries(entry.properties)) {
      store.setProperty(issue.key, key, value);
    }
  }
}
