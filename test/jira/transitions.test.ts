import { describe, expect, it } from '@jest/globals';
import { ApiError, ServerError } from 'jira.js';
import type { IssueSnapshot, Status } from '../../src/domain/index.ts';
import { TransitionBlockedError, TransitionUnavailableError } from '../../src/jira/index.ts';
import type { RawTransition } from '../../src/jira/mapping.ts';
import { Transitions, type TransitionEndpoints } from '../../src/jira/transitions.ts';
import { pendingIssue, PENDING_TRANSITIONS } from './support.ts';

const IN_SERVICE: Status = { id: '3', name: 'Em Atendimento' };
const PENDING: Status = { id: '10002', name: 'Pendente Informação do cliente' };

/**
 * Jira's transitions endpoints in memory: every issue lists `listed` (or what `listFor` says), a
 * move is refused with a 400 while `refusals` lasts, and `statusNow` is what a re-read finds.
 */
class FakeJira implements TransitionEndpoints {
  listed: RawTransition[] = PENDING_TRANSITIONS;
  listFor?: (key: string) => RawTransition[];
  refusals = 0;
  /** Jira's body of a refusal */
  refusalBody: unknown;
  failure?: Error;
  statusNow: Status = PENDING;
  /** when set, listings wait for it: lets side-by-side callers pile up first */
  gate?: Promise<void>;
  readonly calls = { getTransitions: 0, doTransition: 0, reread: 0 };
  readonly moves: Array<{
    issueIdOrKey: string;
    transition: { id: string };
    fields?: Record<string, unknown>;
  }> = [];
  readonly expands: Array<string | undefined> = [];

  async getTransitions({ issueIdOrKey, expand }: { issueIdOrKey: string; expand?: string }) {
    this.calls.getTransitions++;
    this.expands.push(expand);
    await this.gate;
    return { transitions: this.listFor?.(issueIdOrKey) ?? this.listed };
  }

  async doTransition(parameters: {
    issueIdOrKey: string;
    transition: { id: string };
    fields?: Record<string, unknown>;
  }) {
    this.calls.doTransition++;
    if (this.failure) throw this.failure;
    if (this.refusals > 0) {
      this.refusals--;
      throw new ApiError(
        'POST transitions failed: 400',
        400,
        'Bad Request',
        this.refusalBody ?? {
          errorMessages: [
            `Transition id '${parameters.transition.id}' is not valid for this issue.`,
          ],
        },
      );
    }
    this.moves.push(parameters);
  }

  reread = async (key: string): Promise<IssueSnapshot> => {
    this.calls.reread++;
    return { ...pendingIssue(key), status: this.statusNow };
  };

  transitions(): Transitions {
    return new Transitions(this, this.reread);
  }
}

describe('a move', () => {
  it('takes the transition leading to the target, matched by name as admins spell it', async () => {
    const jira = new FakeJira();
    await expect(
      jira.transitions().moveTo(pendingIssue('SUP-12'), { name: 'em  atendimento' }),
    ).resolves.toEqual({ id: '21', name: 'Retomar atendimento', to: IN_SERVICE, isGlobal: false });
    expect(jira.moves).toEqual([{ issueIdOrKey: 'SUP-12', transition: { id: '21' } }]);
    expect(jira.expands).toEqual(['transitions.fields']);
  });

  it('never takes a transition Jira lists as unavailable', async () => {
    const jira = new FakeJira();
    jira.listed = [{ ...PENDING_TRANSITIONS[0]!, isAvailable: false }];
    await expect(jira.transitions().moveTo(pendingIssue('SUP-12'), { id: '3' })).rejects.toThrow(
      'SUP-12: transition to status id 3 is not available from "Pendente Informação do cliente" (no transitions available)',
    );
    expect(jira.moves).toEqual([]);
  });

  it('says which transition is missing and from where', async () => {
    const jira = new FakeJira();
    const error = await jira
      .transitions()
      .moveTo(pendingIssue('SUP-12'), { name: 'Fechado' })
      .catch((e: unknown) => e);
    // The issue is where the caller saw it (read again to be sure): the workflow lacks the move.
    expect(error).toBeInstanceOf(TransitionBlockedError);
    expect((error as TransitionBlockedError).issueKey).toBe('SUP-12');
    expect((error as Error).message).toBe(
      'SUP-12: transition to "Fechado" is not available from "Pendente Informação do cliente" (available: "Retomar atendimento", "Resolver")',
    );
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 0, reread: 1 });
  });

  it('passes other failures through without reading the issue again', async () => {
    const jira = new FakeJira();
    jira.failure = new ServerError('POST transitions failed: 500', 500, 'Internal', {});
    await expect(jira.transitions().moveTo(pendingIssue('SUP-12'), { id: '3' })).rejects.toBe(
      jira.failure,
    );
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 1, reread: 0 });
  });
});

describe('the transitions look-up', () => {
  it('is made once per project, issue type and status', async () => {
    const jira = new FakeJira();
    const transitions = jira.transitions();
    await transitions.moveTo(pendingIssue('SUP-12'), { id: '3' });
    await transitions.moveTo(pendingIssue('SUP-13'), { id: '3' });
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 2, reread: 0 });

    await transitions.moveTo({ ...pendingIssue('SUP-14'), issueTypeId: '10002' }, { id: '3' });
    await transitions.moveTo({ ...pendingIssue('SUP-15'), projectKey: 'OPS' }, { id: '3' });
    await transitions.moveTo({ ...pendingIssue('SUP-16'), status: IN_SERVICE }, { id: '10003' });
    expect(jira.calls.getTransitions).toBe(4);
  });

  it('is shared by issues in the same state moved side by side', async () => {
    const jira = new FakeJira();
    let release!: () => void;
    jira.gate = new Promise<void>((resolve) => (release = resolve));
    const transitions = jira.transitions();
    const moves = ['SUP-12', 'SUP-13', 'SUP-14', 'SUP-15'].map((key) =>
      transitions.moveTo(pendingIssue(key), { id: '3' }),
    );
    release();
    await Promise.all(moves);
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 4, reread: 0 });
  });

  it('is made again when a cached list lacks the target (the workflow changed)', async () => {
    const jira = new FakeJira();
    const transitions = jira.transitions();
    await transitions.moveTo(pendingIssue('SUP-12'), { id: '3' });
    const closing = { id: '41', name: 'Fechar', to: { id: '6', name: 'Fechado' } };
    jira.listed = [...PENDING_TRANSITIONS, closing];
    await expect(transitions.moveTo(pendingIssue('SUP-13'), { id: '6' })).resolves.toMatchObject({
      id: '41',
    });
    expect(jira.calls.getTransitions).toBe(2);
  });

  it('is made again after a look-up that lacked the target, before giving up on the next issue', async () => {
    const jira = new FakeJira();
    jira.listFor = (key) => (key === 'SUP-12' ? [] : PENDING_TRANSITIONS);
    const transitions = jira.transitions();
    await expect(transitions.moveTo(pendingIssue('SUP-12'), { id: '3' })).rejects.toThrow(
      TransitionBlockedError,
    );
    await expect(transitions.moveTo(pendingIssue('SUP-13'), { id: '3' })).resolves.toMatchObject({
      id: '21',
    });
    expect(jira.calls.getTransitions).toBe(2);
  });
});

describe('a refused move (400)', () => {
  it("of a transition from a fresh look-up, the issue still in place, is Jira's own words, not tried again", async () => {
    const jira = new FakeJira();
    jira.refusals = 2;
    jira.refusalBody = { errorMessages: ['Field Resolution is required.'], errors: {} };
    const error = await jira
      .transitions()
      .moveTo(pendingIssue('SUP-12'), { id: '3' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionBlockedError);
    expect((error as Error).message).toBe(
      'SUP-12: Jira refused "Retomar atendimento" to "Em Atendimento": Field Resolution is required.',
    );
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 1, reread: 1 });
  });

  it('says what Jira said of each field it refused', async () => {
    const jira = new FakeJira();
    jira.refusals = 1;
    jira.refusalBody = {
      errorMessages: [],
      errors: {
        resolution:
          "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.",
      },
    };
    await expect(
      jira.transitions().moveTo(
        pendingIssue('SUP-12'),
        { id: '3' },
        {
          fields: { resolution: { name: 'Resolvido' } },
        },
      ),
    ).rejects.toThrow(
      'SUP-12: Jira refused "Retomar atendimento" to "Em Atendimento": resolution: Field \'resolution\' cannot be set. It is not on the appropriate screen, or unknown.',
    );
    expect(jira.moves).toEqual([]);
  });

  it('of a transition from a cached list is tried once more after a fresh look-up (the workflow changed)', async () => {
    const jira = new FakeJira();
    const transitions = jira.transitions();
    await transitions.moveTo(pendingIssue('SUP-11'), { id: '3' });
    jira.refusals = 1;
    await expect(transitions.moveTo(pendingIssue('SUP-12'), { id: '3' })).resolves.toMatchObject({
      id: '21',
    });
    expect(jira.calls).toEqual({ getTransitions: 2, doTransition: 3, reread: 1 });
    expect(jira.moves).toHaveLength(2);
  });

  it('abandons the move when the issue moved meanwhile, instead of reaching the target another way', async () => {
    const jira = new FakeJira();
    jira.refusals = 1;
    jira.statusNow = IN_SERVICE;
    const error = await jira
      .transitions()
      .moveTo(pendingIssue('SUP-12'), { id: '10003' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransitionUnavailableError);
    expect((error as Error).message).toBe(
      'SUP-12: transition to status id 10003 is not available from "Em Atendimento" (it moved meanwhile)',
    );
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 1, reread: 1 });
  });

  it('counts as done when the issue is already at the target', async () => {
    const jira = new FakeJira();
    jira.refusals = 1;
    jira.statusNow = IN_SERVICE;
    await expect(
      jira.transitions().moveTo(pendingIssue('SUP-12'), { id: '3' }),
    ).resolves.toMatchObject({ id: '21' });
    expect(jira.calls).toEqual({ getTransitions: 1, doTransition: 1, reread: 1 });
  });

  it('forgets the refused list: the next issue in that state looks the transitions up again', async () => {
    const jira = new FakeJira();
    jira.refusals = 1;
    jira.statusNow = IN_SERVICE;
    const transitions = jira.transitions();
    await transitions.moveTo(pendingIssue('SUP-12'), { id: '3' });
    await transitions.moveTo(pendingIssue('SUP-13'), { id: '3' });
    expect(jira.calls.getTransitions).toBe(2);
  });
});
