/** A fixture AdminData for the HTTP side's tests: fixed sections, a secret planted in them. */
import {
  AdminInputError,
  type AdminData,
  type ForecastSection,
} from '../../src/admin/admin-model.ts';

export const TOKEN = 'admin-token-0123456789';
export const SECRET = 'jira-api-token-SECRET-42';

const decision = {
  outcome: 'not-due' as const,
  rule: 'none' as const,
  reason: 'window open',
  actions: [],
};

export function forecast(page = 1): ForecastSection {
  return {
    generatedAt: '2026-02-25T09:00:00-03:00',
    cached: false,
    jiraCalls: 3,
    paging: { page, pageSize: 50, total: 120, pages: 3 },
    due: 1,
    failedProjects: [],
    rows: [
      {
        issue: 'SUP-1',
        project: 'SUP',
        url: 'https://example.atlassian.net/browse/SUP-1',
        summary: '<script>alert(1)</script>',
        customer: 'Clínica Boa Vista',
        enteredAt: '2026-02-20T14:30:00-03:00',
        closesAt: '2026-03-02T00:00:00-03:00',
        lastBusinessDay: '2026-02-27',
        businessDaysLeft: 3,
        reminder: { state: 'scheduled', at: '2026-02-26T09:00:00-03:00' },
        decision: { ...decision, reason: `token ${SECRET} in a reason` },
      },
    ],
    charts: [
      {
        project: 'SUP',
        days: [
          { date: '2026-02-25', closes: 0 },
          { date: '2026-02-26', closes: 2 },
          { date: '2026-02-27', closes: 1 },
          { date: '2026-02-28', closes: 0, dayOff: { kind: 'weekend', name: 'sábado' } },
          { date: '2026-03-01', closes: 0, dayOff: { kind: 'weekend', name: 'domingo' } },
          {
            date: '2026-03-02',
            closes: 4,
            dayOff: { kind: 'holiday', name: 'Aniversário da cidade' },
          },
          { date: '2026-03-03', closes: 0, dayOff: { kind: 'closure', name: 'Recesso' } },
        ],
      },
    ],
  };
}

export function fixtureData(overrides: Partial<AdminData> = {}): AdminData {
  return {
    forecast: (page) => Promise.resolve(forecast(page)),
    pending: (page) =>
      Promise.resolve({
        generatedAt: '2026-02-25T09:00:00-03:00',
        cached: true,
        jiraCalls: 5,
        paging: { page, pageSize: 50, total: 60, pages: 2 },
        replyWaiting: 1,
        rows: [
          {
            issue: 'SUP-2',
            project: 'SUP',
            url: 'https://example.atlassian.net/browse/SUP-2',
            summary: 'Impressora',
            since: '2026-02-10T10:00:00-03:00',
            businessDaysWaiting: 11,
            replyWaiting: true,
            decision,
          },
        ],
      }),
    runs: () => ({
      generatedAt: '2026-02-25T09:00:00-03:00',
      serviceStartedAt: '2026-02-25T08:00:00-03:00',
      catchUps: [],
      deliveries: {
        since: '2026-02-25T08:00:00-03:00',
        byOutcome: {},
        byHour: [],
        lastFailures: [],
      },
    }),
    calendar: () => ({
      generatedAt: '2026-02-25T09:00:00-03:00',
      projects: [
        {
          project: 'SUP',
          region: 'BR-SP-São Paulo',
          types: ['public'],
          timeZone: 'America/Sao_Paulo',
          businessDays: 5,
          months: [
            {
              month: '2026-04',
              days: [
                { date: '2026-04-01', business: true },
                {
                  date: '2026-04-21',
                  business: false,
                  kind: 'holiday',
                  name: 'Tiradentes',
                  scope: 'national',
                },
                { date: '2026-04-25', business: false, kind: 'weekend', name: 'sábado' },
              ],
            },
          ],
        },
      ],
    }),
    deadline: (project, from) => {
      if (project !== 'SUP') throw new AdminInputError(`projeto desconhecido: ${project}`);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(from))
        throw new AdminInputError(`data ilegível: ${from}`);
      return {
        project,
        from: `${from}:00-03:00`,
        days: 5,
        startDate: '2026-02-23',
        lastBusinessDay: '2026-02-27',
        closesAt: '2026-02-28T00:00:00-03:00',
        skipped: [],
      };
    },
    config: () => ({
      generatedAt: '2026-02-25T09:00:00-03:00',
      configFile: 'config/projects.yaml',
      jira: { site: 'https://example.atlassian.net', embeddedSandbox: false },
      projects: [
        {
          key: 'SUP',
          statuses: { validation: 'Em validação' },
          businessDays: 5,
          reminder: { enabled: true, businessDaysBefore: 1 },
          calendar: { region: 'BR-SP', types: ['public'], timeZone: 'America/Sao_Paulo' },
          assignBackToAnalyst: true,
        },
      ],
      schedules: {
        timeZone: 'America/Sao_Paulo',
        scheduler: true,
        runs: [{ mode: 'full', cron: '0 1 * * *', nextRun: '2026-02-26T01:00:00-03:00' }],
        maxWritesPerRun: 500,
      },
      doctor: {
        checkedAt: '2026-02-25T08:00:00-03:00',
        ok: false,
        summary: '1 falha',
        checks: [
          { name: 'jira-reachable', ok: true, severity: 'error', detail: 'ok', fix: '' },
          {
            name: 'webhook',
            ok: false,
            severity: 'warning',
            detail: 'not registered',
            fix: 'run register',
          },
        ],
      },
    }),
    ...overrides,
  };
}
