/** The forecast's "O que o serviço fará e por quê": Portuguese first, the English under "detalhe técnico". */
import { describe, expect, it } from '@jest/globals';
import type { PlannedDecision } from '../../src/admin/admin-model.ts';
import { decisionCell } from '../../src/admin/http/parts.ts';
import { renderForecast } from '../../src/admin/http/section-lists.ts';
import { forecast } from './fixture.ts';

const norm = (markup: string) => markup.replace(/\s+/g, ' ').replace(/\s*([<>])\s*/g, '$1');

const closing: PlannedDecision = {
  outcome: 'closed',
  rule: 'auto-close',
  reason: 'deadline passed (2026-11-19 was the last business day) with no customer comment',
  actions: ['public comment: Olá! <b>encerrado</b>', 'transition to "Fechado"'],
  code: 'deadline-passed',
  explanation: 'Prazo encerrado (último dia útil: 19/11/2026) sem comentário do cliente',
  steps: [
    'Comentário público ao cliente: «Olá! <b>encerrado</b>»',
    'Transição para «Fechado» pela transição «Fechar» (resolução Resolvido)',
  ],
};

describe('the decision cell', () => {
  it('shows the explanation and the steps, with the English reason and actions as the technical detail', () => {
    const cell = norm(decisionCell(closing).value);

    expect(cell).toContain(
      `<span class="reason" title="${closing.reason}">Prazo encerrado (último dia útil: 19/11/2026) sem comentário do cliente</span>`,
    );
    expect(cell).toContain(
      '<ul class="actions"><li>Comentário público ao cliente: «Olá! &lt;b&gt;encerrado&lt;/b&gt;»</li>' +
        '<li>Transição para «Fechado» pela transição «Fechar» (resolução Resolvido)</li></ul>',
    );
    expect(cell).toContain('<details class="technical"><summary>detalhe técnico</summary>');
    expect(cell).toContain(`<code>deadline-passed</code>: ${closing.reason}`);
    expect(cell).toContain('<li>public comment: Olá! &lt;b&gt;encerrado&lt;/b&gt;</li>');
    expect(cell).toContain('<li>transition to &quot;Fechado&quot;</li>');
    expect(cell).not.toContain('<b>');
  });

  it('escapes every value, the title attribute included', () => {
    const hostile: PlannedDecision = {
      ...closing,
      reason: '"><script>alert(1)</script>',
      explanation: '<img src=x onerror=alert(1)>',
      steps: ['<script>alert(2)</script>'],
      code: '<i>code</i>',
    };

    const cell = decisionCell(hostile).value;

    expect(cell).not.toMatch(/<script|<img|<i>/);
    expect(cell).toContain('title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(cell).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the English as before for data without the Portuguese (no technical detail twice)', () => {
    const english: PlannedDecision = {
      outcome: 'not-due',
      rule: 'none',
      reason: 'window open',
      actions: [],
    };

    const cell = norm(decisionCell(english).value);

    expect(cell).toContain('<span class="reason" title="window open">window open</span>');
    expect(cell).not.toContain('detalhe técnico');
  });

  it('is what the forecast table renders in its last column', () => {
    const data = forecast();
    data.rows[0]!.decision = closing;

    const markup = norm(renderForecast(data, () => '#').value);

    expect(markup).toContain('<th scope="col">O que o serviço fará e por quê</th>');
    expect(markup).toContain(
      'Prazo encerrado (último dia útil: 19/11/2026) sem comentário do cliente',
    );
  });
});
