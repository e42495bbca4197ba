/** Shared by the nock-based gateway and transport tests: a site, its transport, Jira's shapes. */
import { CallCounter, createJiraTransport, JiraGateway } from '../../src/jira/index.ts';
import type { TransportOptions } from '../../src/jira/transport.ts';

export const SITE = 'https://example.atlassian.net';
export const TOKEN = 'secret-api-token-123';

export interface Setup {
  gateway: JiraGateway;
  counter: CallCounter;
  waits: number[];
}

export function setup(overrides: Partial<TransportOptions> = {}, now = () => Date.now()): Setup {
  const counter = new CallCounter();
  const waits: number[] = [];
  const transport = createJiraTransport({
    baseUrl: SITE,
    email: 'bot@example.com',
    apiToken: TOKEN,
    observer: counter,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
  return { gateway: new JiraGateway(transport, { now }), counter, waits };
}

export function rawIssue(
  key: string,
  statusId = '10003',
  statusName = 'Tarefa Resolvida – Aguardando Validação do cliente',
) {
  return {
    id: key.replace(/\D/g, ''),
    key,
    fields: {
      summary: `Issue ${key}`,
      status: { id: statusId, name: statusName },
      issuetype: { id: '10001', name: 'Chamado' },
      project: { id: '10000', key: 'SUP' },
      reporter: { accountId: 'clinic-1', accountType: 'customer', displayName: 'Clínica' },
      created: '2026-02-10T09:00:00.000-0300',
      updated: '2026-02-13T17:00:00.000-0300',
    },
  };
}

export function history(id: number, atIso: string, from: [string, string], to: [string, string]) {
  return {
    id: String(id),
    created: atIso,
    author: { accountId: 'analyst-1', displayName: 'Analista', accountType: 'atlassian' },
    items: [
      {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: from[0],
        fromString: from[1],
        to: to[0],
        toString: to[1],
      },
    ],
  };
}

/** An issue as the caller saw it: in "Pendente Informação do cliente". */
export function pendingIssue(key: string, id = '1') {
  return {
    id,
    key,
    projectKey: 'SUP',
    issueTypeId: '10001',
    status: { id: '10002', name: 'Pendente Informação do cliente' },
  };
}

/** The transitions Jira lists for an issue in "Pendente Informação do cliente". */
export const PENDING_TRANSITIONS = [
  {
    id: '21',
    name: 'Retomar atendimento',
    isAvailable: true,
    to: { id: '3', name: 'Em Atendimento' },
  },
  {
    id: '31',
    name: 'Resolver',
    isAvailable: true,
    to: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
  },
];

/** Waits on real I/O (setImmediate is never faked here) until a condition holds. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  if (!condition()) throw new Error('condition never held');
}
