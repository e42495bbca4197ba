import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  loadProjectsFile,
  parseProjectsFile,
  renderTemplate,
} from '../../src/config/index.ts';

const defaultFile = fileURLToPath(new URL('../../config/projects.yaml', import.meta.url));

function problemsOf(yaml: string): string[] {
  try {
    parseProjectsFile(yaml, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

const minimalProject = `
projects:
  SUP:
    statuses:
      pending: Pendente Informação do cliente
      analystQueue: Em Atendimento
      validation: Tarefa Resolvida – Aguardando Validação do cliente
      reopen: Em Atendimento
      closed: Fechado
`;

describe('the default projects file', () => {
  it("is the vendor's mapping of SUP and is valid", () => {
    const config = loadProjectsFile(defaultFile);
    const sup = config.projects.SUP!;
    expect(sup.statuses.validation).toEqual({
      name: 'Tarefa Resolvida – Aguardando Validação do cliente',
    });
    expect(sup.statuses.pending).toEqual({ name: 'Pendente Informação do cliente' });
    expect(sup.validation.businessDays).toBe(5);
    expect(sup.calendar.timeZone).toBe('America/Sao_Paulo');
    expect(config.schedules.sweep).toBe('0 2 * * *');
  });
});

describe('defaults', () => {
  it('fills every optional setting of a minimal project', () => {
    const sup = parseProjectsFile(minimalProject, 'test.yaml').projects.SUP!;
    expect(sup.validation.businessDays).toBe(5);
    expect(sup.calendar).toEqual({
      region: 'BR',
      types: ['public'],
      timeZone: 'America/Sao_Paulo',
      closures: [],
      workingDays: [],
    });
    expect(sup.customer).toEqual({
      analystGroups: [],
      byAccountType: true,
      byReporter: true,
      accountIds: [],
      groups: [],
      byParticipant: true,
      unlistedEmailSenders: false,
      neverAccountIds: [],
    });
    expect(sup.assignBackToAnalyst).toBe(true);
    expect(sup.reminder).toEqual({ enabled: false, businessDaysBefore: 1 });
    expect(sup.templates.closing).toContain('{{closingDate}}');
  });

  it('takes statuses by id as well as by name', () => {
    const config = parseProjectsFile(
      minimalProject.replace('closed: Fechado', 'closed: { id: 10004 }'),
      'test.yaml',
    );
    expect(config.projects.SUP!.statuses.closed).toEqual({ id: '10004' });
  });

  it('reads closure dates written as plain YAML dates or with a name', () => {
    const config = parseProjectsFile(
      `${minimalProject}    calendar:\n      closures: [2026-12-24, {date: '2026-12-31', name: Recesso}]\n`,
      'test.yaml',
    );
    expect(config.projects.SUP!.calendar.closures).toEqual([
      { date: '2026-12-24' },
      { date: '2026-12-31', name: 'Recesso' },
    ]);
  });
});

describe('a bad projects file', () => {
  it('lists every problem by its path, not just the first', () => {
    const problems = problemsOf(`
projects:
  SUP:
    statuses:
      pending: Pendente
      analystQueue: Em Atendimento
      validation: { nome: Validação }
      reopen: Em Atendimento
    calendar:
      region: BR-XX
      types: [public, observance]
      closures: [2026-02-30]
    validaton: { businessDays: 3 }
    templates:
      closing: "Encerrado em {{dataFechamento}}"
  sup: {}
schedules:
  sweep: every night
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'projects.SUP.statuses.validation: expected a status name, {name: "..."} or {id: "..."}',
        'projects.SUP.statuses.closed: required: expected a status name, {name: "..."} or {id: "..."}',
        expect.stringMatching(
          /^projects\.SUP\.calendar\.region: date-holidays has no state XX in BR/,
        ),
        'projects.SUP.calendar.types[1]: expected one of public, bank, optional',
        'projects.SUP.calendar.closures[0]: expected a date YYYY-MM-DD or {date, name}',
        'projects.SUP: unknown key validaton',
        expect.stringMatching(
          /^projects\.SUP\.templates\.closing: unknown placeholder \{\{dataFechamento\}\}/,
        ),
        expect.stringMatching(/^projects\.sup: a Jira project key is/),
        'schedules.sweep: expected a cron expression such as "0 2 * * *"',
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it('rejects a window of zero business days', () => {
    expect(problemsOf(`${minimalProject}    validation: { businessDays: 0 }\n`)).toEqual([
      expect.stringMatching(/^projects\.SUP\.validation\.businessDays: /),
    ]);
  });

  it('refuses settings with which nothing would ever close or remind in time', () => {
    expect(problemsOf(`${minimalProject}schedules: { maxWritesPerRun: 1 }\n`)).toEqual([
      expect.stringMatching(
        /^schedules\.maxWritesPerRun: must be at least 2: closing an issue takes two writes/,
      ),
    ]);
    expect(
      problemsOf(
        `${minimalProject}    validation: { businessDays: 3 }\n    reminder: { enabled: true, businessDaysBefore: 3 }\n`,
      ),
    ).toEqual([
      expect.stringMatching(
        /^projects\.SUP\.reminder\.businessDaysBefore: must be less than validation\.businessDays \(3\)/,
      ),
    ]);
    // Off, the reminder's days do not matter; one day fewer than the window is the earliest.
    expect(() =>
      parseProjectsFile(
        `${minimalProject}    validation: { businessDays: 3 }\n    reminder: { enabled: false, businessDaysBefore: 5 }\n`,
        'test.yaml',
      ),
    ).not.toThrow();
    expect(() =>
      parseProjectsFile(
        `${minimalProject}    validation: { businessDays: 3 }\n    reminder: { enabled: true, businessDaysBefore: 2 }\n`,
        'test.yaml',
      ),
    ).not.toThrow();
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problemsOf('projects:\n  SUP: [\n')).toEqual([
      expect.stringMatching(/^line \d+, column \d+: /),
    ]);
  });

  it('rejects a file with no projects', () => {
    expect(problemsOf('projects: {}\n')).toEqual(['projects: configure at least one project']);
    expect(problemsOf('')).toEqual(['(top level): expected a mapping with a "projects" key']);
  });

  it('says when the file is missing', () => {
    expect(() => loadProjectsFile('/nonexistent/projects.yaml')).toThrow(/file not found/);
  });

  it('never puts a stack trace in the message', () => {
    try {
      parseProjectsFile('projects: { SUP: { statuses: 3 } }', 'test.yaml');
    } catch (error) {
      expect((error as Error).message).toBe(
        'test.yaml is not valid:\n  - projects.SUP.statuses: expected object, got 3',
      );
    }
    expect.assertions(1);
  });
});

describe('templates', () => {
  it('fills known placeholders and leaves the text around them', () => {
    expect(
      renderTemplate('Encerrado em {{closingDate}} ({{ businessDays }} dias úteis).', {
        closingDate: '25/02/2026',
        businessDays: 5,
      }),
    ).toBe('Encerrado em 25/02/2026 (5 dias úteis).');
  });
});

describe('transitions', () => {
  it('of the default file close through Fechar with Resolvido and reopen through Reabrir clearing the resolution', () => {
    const sup = loadProjectsFile(defaultFile).projects.SUP!;
    expect(sup.transitions).toEqual({
      closed: { name: 'Fechar', fields: { resolution: { name: 'Resolvido' } } },
      reopen: { name: 'Reabrir', fields: { resolution: null } },
    });
  });

  it('are none by default, and a target takes a name or an id (a number is read as text)', () => {
    expect(parseProjectsFile(minimalProject, 'test.yaml').projects.SUP!.transitions).toEqual({});
    const sup = parseProjectsFile(
      `${minimalProject}    transitions:\n      analystQueue: { id: 41 }\n      closed: { name: Fechar, fields: { customfield_10050: [a, b] } }\n`,
      'test.yaml',
    ).projects.SUP!;
    expect(sup.transitions).toEqual({
      analystQueue: { id: '41' },
      closed: { name: 'Fechar', fields: { customfield_10050: ['a', 'b'] } },
    });
  });

  it('reject an unknown target or key, both a name and an id, and fields that are not a map', () => {
    const problems = problemsOf(`${minimalProject}    transitions:
      closing: { name: Fechar }
      closed: { name: Fechar, id: '61' }
      reopen: { nome: Reabrir, fields: [resolution] }
      analystQueue: { name: '' }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'projects.SUP.transitions: unknown key closing',
        'projects.SUP.transitions.closed: name the transition or give its id, not both',
        'projects.SUP.transitions.reopen: unknown key nome',
        expect.stringMatching(/^projects\.SUP\.transitions\.reopen\.fields: /),
        'projects.SUP.transitions.analystQueue.name: must not be empty',
      ]),
    );
    expect(problems).toHaveLength(5);
  });
});
