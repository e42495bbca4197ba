import { describe, expect, it } from '@jest/globals';
import { describeStatus, normalizeStatusName, statusMatches } from '../../src/domain/index.ts';

describe('status names', () => {
  const jiraName = 'Tarefa Resolvida – Aguardando Validação do cliente';

  it.each([
    'Tarefa Resolvida - Aguardando Validação do cliente',
    'Tarefa Resolvida — Aguardando Validação do cliente',
    'tarefa resolvida-aguardando validação do cliente',
    '  TAREFA  RESOLVIDA –  AGUARDANDO VALIDAÇÃO DO CLIENTE ',
    'Tarefa Resolvida – Aguardando Validac\u0327a\u0303o do cliente',
    'Tarefa\u00a0Resolvida – Aguardando Validação do cliente',
  ])('"%s" matches Jira\'s name', (typed) => {
    expect(normalizeStatusName(typed)).toBe(normalizeStatusName(jiraName));
    expect(statusMatches({ name: typed }, { id: '3', name: jiraName })).toBe(true);
  });

  it('does not match a different status', () => {
    expect(statusMatches({ name: 'Tarefa Resolvida' }, { id: '3', name: jiraName })).toBe(false);
    expect(statusMatches({ name: 'Fechado' }, undefined)).toBe(false);
  });

  it('matches by id when configured by id, whatever the name', () => {
    expect(statusMatches({ id: '10004' }, { id: '10004', name: 'Closed' })).toBe(true);
    expect(statusMatches({ id: '10004' }, { id: '10005', name: 'Fechado' })).toBe(false);
  });
});

describe('describing a configured status', () => {
  it('names it the way an admin wrote it', () => {
    expect(describeStatus({ name: 'Fechado' })).toBe('"Fechado"');
    expect(describeStatus({ id: '10004' })).toBe('status id 10004');
  });
});
