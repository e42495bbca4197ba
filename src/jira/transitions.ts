import { isApiError } from 'jira.js';
import { statusMatches, type IssueSnapshot, type StatusRef } from '../domain/index.ts';
import { TransitionUnavailableError } from './errors.ts';
import { toTransitions, type RawTransition, type Transition } from './mapping.ts';
import { shareInFlight } from './share-in-flight.ts';

/** The two jira.js endpoints a move needs (jira.js's `issues` group has them). */
export interface TransitionEndpoints {
  getTransitions(parameters: { issueIdOrKey: string }): Promise<{ transitions?: RawTransition[] }>;
  doTransition(parameters: { issueIdOrKey: string; transition: { id: string } }): Promise<void>;
}

/** Reads the issue again as Jira holds it now (after a refused move). */
export type IssueReader = (key: string) => Promise<IssueSnapshot>;

/**
 * Moves issues to a target status through whichever transition of their workflow leads there.
 * Transitions are looked up once per project, issue type and status, and issues moved side by
 * side share the look-up in flight.
 */
export class Transitions {
  private readonly endpoints: TransitionEndpoints;
  private readonly reread: IssueReader;
  private readonly cache = new Map<string, Transition[]>();
  private readonly listing = new Map<string, Promise<Transition[]>>();

  constructor(endpoints: TransitionEndpoints, reread: IssueReader) {
    this.endpoints = endpoints;
    this.reread = reread;
  }

  /**
   * Moves the issue from the status the caller saw. A refusal (400) means the issue moved or the
   * workflow changed: the issue is read again, and if it is now elsewhere the move is abandoned
   * rather than made from the new status (a "Cancelar" is not a "Fechar"); if it is already at the
   * target, that is success.
   */
  async moveTo(issue: IssueSnapshot, target: StatusRef): Promise<Transition> {
    const cacheKey = `${issue.projectKey}|${issue.issueTypeId}|${issue.status.id}`;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const cached = this.cache.get(cacheKey);
      const available =
        cached ?? (await shareInFlight(this.listing, cacheKey, () => this.list(issue.key)));
      // Listed from the issue as it is now: cache it only under the status the caller saw if the
      // list came back for that status (checked on the first refusal below).
      this.cache.set(cacheKey, available);
      const transition = available.find((t) => statusMatches(target, t.to));
      if (!transition) {
        this.cache.delete(cacheKey);
        if (cached && attempt === 1) continue; // a stale list: look again before giving up
        throw new TransitionUnavailableError(
          issue.key,
          target,
          issue.status,
          available.map((t) => `"${t.name}"`),
        );
      }
      try {
        await this.endpoints.doTransition({
          issueIdOrKey: issue.key,
          transition: { id: transition.id },
        });
        return transition;
      } catch (error) {
        if (!(isApiError(error) && error.status === 400)) throw error;
        this.cache.delete(cacheKey);
        if (await this.reachedAfterRefusal(issue, target)) return transition;
      }
    }
    throw new TransitionUnavailableError(issue.key, target, issue.status, []);
  }

  /**
   * After a refused move: true when the issue is at the target anyway, false when it is still
   * where the caller saw it (worth one more try); throws when it moved elsewhere.
   */
  private async reachedAfterRefusal(issue: IssueSnapshot, target: StatusRef): Promise<boolean> {
    const now = await this.reread(issue.key);
    if (statusMatches(target, now.status)) return true;
    if (now.status.id !== issue.status.id) {
      throw new TransitionUnavailableError(issue.key, target, now.status, [], 'it moved meanwhile');
    }
    return false;
  }

  private async list(key: string): Promise<Transition[]> {
    const listed = await this.endpoints.getTransitions({ issueIdOrKey: key });
    return toTransitions(listed.transitions);
  }
}
