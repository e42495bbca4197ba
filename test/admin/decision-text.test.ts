/**
 * The dry run's decision in Portuguese: a sentence for every code (the English reason stays in
 * the JSON), the steps of a closing and of a customer-reply decision, and both as the forecast
 * and the pending list serve them.
 */
import { describe, expect, it } from '@jest/globals';
import { describeSteps, shorten } from '../../src/admin/decision-steps.ts';
import { explainedCode } from '../../src/admin/issue-rows.ts';
import type { SeenIssue } from '../../src/jobs/index.ts';
import { explainDecision, type ExplainedCode } from '../../src/admin/decision-text.ts';
import { transitionTo, type Action } from '../../src/rules/actions.ts';
import { replyActions } from '../../src/rules/comment-rules.ts';
import { DUE, REMINDER } from '../jobs/in-memory.ts';
import { ANALYST, change, CLINIC, issue, RECEPTION, sup } from '../rules/fixtures.ts';
import { adminWorld } from './support.ts';

/** Every code the page explains; a code added to the union fails the type check here too. */
const EVERY_CODE: Record<ExplainedCode, true> = {
  'internal-comment': true,
  'not-customer': true,
  'status-not-handled': true,
  'before-current-status': true,
  'customer-replied': true,
  'customer-rejected': true,
  'left-validation': true,
  'entry-not-in-history': true,
  'missed-rejection': true,
  'deadline-passed': true,
  'closing-comment-posted': true,
  'reminder-due': true,
  'reminder-already-sent': true,
  'not-due': true,
  'left-pending': true,
  'quiet-since-pending': true,
  'no-customer-comment': true,
  'missed-reply': true,
  'left-closed': true,
  'not-closed-by-service': true,
  'closed-from-other-status': true,
  'close-before-lookback': true,
  'before-validation': true,
  'comment-after-close': true,
  'no-rejection-before-close': true,
  'rejected-before-close': true,
  failed: true,
  blocked: true,
  moved: true,
  deferred: true,
  'issue-changed': true,
  'left-for-nightly': true,
};

const FACTS = { lastBusinessDay: '2026-11-19', status: 'Em Atendimento' };

describe('the decision in Portuguese', () => {
  it('has one sentence of its own for every code', () => {
    const codes = Object.keys(EVERY_CODE) as ExplainedCode[];
    const sentences = codes.map((code) => explainDecision(code, FACTS));

    for (const sentence of sentences) {
      expect(sentence.length).toBeGreaterThan(10);
      expect(sentence).not.toMatch(/\.$/);
      // None of the English reason's words: the sentence comes from the code, not the reason.
      expect(sentence).not.toMatch(/\b(the|customer|deadline|reminder|comment|issue)\b/);
    }
    expect(new Set(sentences).size).toBe(codes.length);
  });

  it('formats the dates dd/mm/aaaa and names the status', () => {
    expect(explainDecision('deadline-passed', FACTS)).toBe(
      'Prazo encerrado (último dia útil: 19/11/2026) sem comentário do cliente',
    );
    expect(explainDecision('reminder-due', FACTS)).toContain('(último dia útil: 19/11/2026)');
    expect(explainDecision('left-validation', FACTS)).toBe(
      'O chamado já não está em validação (agora está em «Em Atendimento»)',
    );
    // Without a window there is no date to show, and no empty parenthesis.
    expect(explainDecision('deadline-passed')).toBe('Prazo encerrado sem comentário do cliente');
  });
});

describe('the code the page explains', () => {
  const entry = (outcome: SeenIssue['entry']['outcome']) => ({
    issue: 'SUP-1',
    status: 'validation' as const,
    outcome,
    rule: 'auto-close' as const,
    reason: 'r',
    actions: [],
  });
  const seen = (outcome: SeenIssue['entry']['outcome'], decision?: SeenIssue['decision']) => ({
    kind: 'validation' as const,
    issue: issue('validation', []),
    entry: entry(outcome),
    ...(decision ? { decision } : {}),
  });
  const closing = {
    rule: 'auto-close' as const,
    actions: [],
    reason: 'r',
    code: 'deadline-passed' as const,
  };

  it('is the outcome when it overrides the decision, else the rules code', () => {
    expect(explainedCode(seen('closed', closing))).toBe('deadline-passed');
    expect(explainedCode(seen('blocked', closing))).toBe('blocked');
    expect(explainedCode(seen('deferred', closing))).toBe('deferred');
    expect(explainedCode(seen('failed'))).toBe('failed');
    expect(explainedCode(seen('moved'))).toBe('moved');
    // No action and no decision: gone when read again, or moved to the target meanwhile.
    expect(explainedCode(seen('no-action'))).toBe('issue-changed');
    // A decision without its code: the catch-up left it for the night.
    expect(explainedCode(seen('no-action', { ...closing, code: undefined }))).toBe(
      'left-for-nightly',
    );
  });
});

describe('the steps in Portuguese', () => {
  it('words a closing decision: the duplicate deleted, the comment quoted short, the move', () => {
    const text = `Olá! Como não recebemos retorno ${'em cinco dias úteis '.repeat(12)}fim.`;
    const actions: Action[] = [
      { type: 'delete-comment', commentId: '10077', why: 'a later copy' },
      { type: 'comment', text, internal: false, why: 'tell the customer' },
      transitionTo(sup, 'closed', 'the validation window ended'),
    ];

    const steps = describeSteps(actions);

    expect(steps).toEqual([
      'Apagar a cópia repetida do comentário 10077 (outra execução publicou o mesmo)',
      `Comentário público ao cliente: «${shorten(text)}»`,
      'Transição para «Fechado» pela transição «Fechar» (resolução Resolvido)',
    ]);
    expect(shorten(text)).toHaveLength(160);
    expect(shorten(text)).toMatch(/^Olá! Como não recebemos retorno em cinco .*…$/);
    expect(shorten('  Olá!\n\n  Tudo certo.  ')).toBe('Olá! Tudo certo.');
  });

  it('words a customer-reply decision: back to the analyst who asked, by name, then the move', () => {
    const pending = issue(
      'pending',
      [
        change('open', 'analysts', '2026-03-10T09:00:00-03:00'),
        change('analysts', 'pending', '2026-03-11T10:00:00-03:00', ANALYST),
      ],
      { assignee: RECEPTION, reporter: CLINIC },
    );

    const steps = describeSteps(replyActions(pending, sup, 'bot'), pending);

    expect(steps).toEqual(['Atribuir a Analista', 'Transição para «Em Atendimento»']);
    // An account the issue does not show is named by its id.
    expect(describeSteps([{ type: 'assign', accountId: 'x-1', why: 'back' }])).toEqual([
      'Atribuir a conta x-1',
    ]);
  });

  it('words a reopen: the internal note, the move that clears the resolution', () => {
    const steps = describeSteps([
      { type: 'comment', text: 'O cliente <b>recusou</b>', internal: true, why: 'note' },
      transitionTo(sup, 'reopen', 'rejected'),
    ]);

    expect(steps).toEqual([
      'Nota interna: «O cliente <b>recusou</b>»',
      'Transição para «Em Atendimento» pela transição «Reabrir» (resolução apagada)',
    ]);
  });
});

describe('the forecast and the pending list in Portuguese', () => {
  it('serve the code, the explanation and the steps beside the English reason and actions', async () => {
    const w = adminWorld();
    w.put(1, DUE);
    w.put(2, REMINDER);

    const [due, reminder] = (await w.admin.forecast(1)).rows;

    expect(due!.decision).toMatchObject({
      outcome: 'closed',
      code: 'deadline-passed',
      reason: 'deadline passed (2026-03-09 was the last business day) with no customer comment',
      explanation: 'Prazo encerrado (último dia útil: 09/03/2026) sem comentário do cliente',
    });
    expect(due!.decision.steps).toEqual([
      expect.stringMatching(/^Comentário público ao cliente: «Olá! Como não recebemos .*»$/),
      'Transição para «Fechado» pela transição «Fechar» (resolução Resolvido)',
    ]);
    expect(due!.decision.actions).toEqual([
      expect.stringMatching(/^public comment: Olá!/),
      'transition to "Fechado"',
    ]);
    expect(reminder!.decision).toMatchObject({ code: 'reminder-due', outcome: 'reminded' });
    expect(reminder!.decision.steps).toEqual([
      expect.stringMatching(/^Comentário público ao cliente: «/),
      'Registrar o lembrete no chamado',
    ]);
  });

  it('explains a pending issue with no reply, with no steps', async () => {
    const w = adminWorld();
    w.put(3, '2026-03-16T10:00:00-03:00', 'pending');

    const [row] = (await w.admin.pending(1)).rows;

    expect(row!.decision).toMatchObject({
      outcome: 'no-action',
      code: 'quiet-since-pending',
      explanation: 'Nenhuma atividade no chamado desde que entrou em pendente',
      steps: [],
    });
  });
});
