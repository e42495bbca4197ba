import { statusMatches, type IssueSnapshot, type StatusRef } from '../domain/index.ts';
import {
  isJiraRefusal,
  refusalText,
  TransitionBlockedError,
  TransitionUnavailableError,
} from './errors.ts';
import { toTransitions, type RawTransition, type Transition } from './mapping.ts';
import { shareInFlight } from './share-in-flight.ts';
import { segment } from './path-segment.ts';
import { pickTransition, screenProblem, type TransitionVia } from './transition-choice.ts';

export type { TransitionVia } from './transition-choice.ts';

/** The two jira.js endpoints a move needs (jira.js's `issues` group has them). */
export interface TransitionEndpoints {
  getTransitions(parameters: {
    issueIdOrKey: string;
    expand?: string;
  }): Promise<{ transitions?: RawTransition[] }>;
  doTransition(parameters: {
    issueIdOrKey: string;
    transition: { id: string };
    fields?: Record<string, unknown>;
  }): Promise<void>;
}

/** Reads the issue again as Jira holds it now (after a refused move). */
export type IssueReader = (key: string) => Promise<IssueSnapshot>;

/** A look-up's answer, and the issue it was made for (issues side by side share one). */
interface Listed {
  key: string;
  transitions: Transition[];
}

/** The transition chosen, and whether it came from a list cached for an earlier issue. */
interface Chosen {
  transition: Transition;
  cached: boolean;
}

/**
 * Moves issues to a target status through the transition the projects file names (or the only
 * non-global one into it), from the status the caller saw and from nowhere else. Transitions are
 * listed with their screens' fields once per project, issue type and status, cached under the status
 * the caller saw, and issues moved side by side share the look-up in flight. A list is dropped at
 * the first sign that it is not that status's (a missing transition, a refusal), and never stored
 * again under it.
 */
export class Transitions {
  private readonly endpoints: TransitionEndpoints;
  private readonly reread: IssueReader;
  private readonly cache = new Map<string, Transition[]>();
  private readonly listing = new Map<string, Promise<Listed>>();

  constructor(endpoints: TransitionEndpoints, reread: IssueReader) {
    this.endpoints = endpoints;
    this.reread = reread;
  }

  /**
   * The transition a move would take, checked before anything is written: it exists from where
   * the caller saw the issue and its screen's required fields are all sent. Reads only. Throws
   * TransitionBlockedError (what to fix, for an admin) or TransitionUnavailableError (it moved).
   */
  async plan(issue: IssueSnapshot, target: StatusRef, via?: TransitionVia): Promise<Transition> {
    return (await this.choose(issue, target, via)).transition;
  }

  /**
   * Moves the issue from the status the caller saw. A refusal (400) means the issue moved, the
   * workflow changed or Jira wants something else: the issue is read again; if it is at the target
   * that is success, if it is elsewhere the move is abandoned (no other transition is tried: a
   * "Cancelar" is not a "Fechar"); if it is still in place, a transition from a cached list is
   * looked up once more, and otherwise Jira's own words say what is wrong.
   */
  async moveTo(issue: IssueSnapshot, target: StatusRef, via?: TransitionVia): Promise<Transition> {
    let chosen = await this.choose(issue, target, via);
    for (;;) {
      try {
        await this.endpoints.doTransition({
          issueIdOrKey: segment(issue.key, 'an issue key'),
          transition: { id: chosen.transition.id },
          ...(via?.fields ? { fields: via.fields } : {}),
        });
        return chosen.transition;
      } catch (error) {
        if (!isJiraRefusal(error)) throw error;
        this.cache.delete(cacheKey(issue));
        const now = await this.reread(issue.key);
        if (statusMatches(target, now.status)) return chosen.transition;
        if (now.status.id !== issue.status.id) throw movedMeanwhile(issue, target, now);
        if (!chosen.cached) {
          throw new TransitionBlockedError(
            issue.key,
            `Jira refused "${chosen.transition.name}" to ${describeTarget(chosen.transition)}: ${refusalText(error)}`,
          );
        }
        chosen = await this.choose(issue, target, via);
      }
    }
  }

  /** From the cached list when it has the transition, else from a fresh one (then cached). */
  private async choose(
    issue: IssueSnapshot,
    target: StatusRef,
    via: TransitionVia | undefined,
  ): Promise<Chosen> {
    const key = cacheKey(issue);
    const cached = this.cache.get(key);
    if (cached) {
      const picked = pickTransition(cached, issue.status, target, via);
      if ('transition' in picked) return this.checked(issue, picked.transition, via, true);
      this.cache.delete(key); // perhaps another status's list, or an old workflow: look again
    }
    let listed = await shareInFlight(this.listing, key, () => this.list(issue.key));
    let picked = pickTransition(listed.transitions, issue.status, target, via);
    if ('problem' in picked && listed.key !== issue.key) {
      // Shared from another issue's look-up, which may have moved: judge from this issue's own.
      listed = await this.list(issue.key);
      picked = pickTransition(listed.transitions, issue.status, target, via);
    }
    if ('problem' in picked) {
      // Is the issue where the caller saw it? If not, this list is another status's.
      const now = await this.reread(issue.key);
      if (now.status.id !== issue.status.id) throw movedMeanwhile(issue, target, now);
      this.cache.set(key, listed.transitions);
      throw new TransitionBlockedError(issue.key, picked.problem);
    }
    this.cache.set(key, listed.transitions);
    return this.checked(issue, picked.transition, via, false);
  }

  private checked(
    issue: IssueSnapshot,
    transition: Transition,
    via: TransitionVia | undefined,
    cached: boolean,
  ): Chosen {
    const problem = screenProblem(transition, via);
    if (problem) throw new TransitionBlockedError(issue.key, problem);
    return { transition, cached };
  }

  /** The transitions of one issue now, with their screens' fields. */
  private async list(key: string): Promise<Listed> {
    const listed = await this.endpoints.getTransitions({
      issueIdOrKey: segment(key, 'an issue key'),
      expand: 'transitions.fields',
    });
    return { key, transitions: toTransitions(listed.transitions) };
  }
}

function cacheKey(issue: IssueSnapshot): string {
  return `${issue.projectKey}|${issue.issueTypeId}|${issue.status.id}`;
}

function describeTarget(transition: Transition): string {
  return `"${transition.to.name}"`;
}

function movedMeanwhile(
  issue: IssueSnapshot,
  target: StatusRef,
  now: IssueSnapshot,
): TransitionUnavailableError {
  return new TransitionUnavailableError(issue.key, target, now.status, [], 'it moved meanwhile');
}
