import { fileURLToPath } from 'node:url';
import { loadProjectsFile, parseProjectsFile, type ProjectConfig } from '../../src/config/index.ts';
import type {
  IssueComment,
  IssueSnapshot,
  JiraUser,
  StatusChange,
} from '../../src/domain/index.ts';

/** The vendor's real mapping (config/projects.yaml): SUP, BR-SP-SP with public + bank, reminders on. */
export const config = loadProjectsFile(
  fileURLToPath(new URL('../../config/projects.yaml', import.meta.url)),
);
export const sup: ProjectConfig = config.projects.SUP!;

export const STATUS = {
  open: { id: '1', name: 'Aberto' },
  analysts: { id: '3', name: 'Em Atendimento' },
  pending: { id: '10002', name: 'Pendente Informação do cliente' },
  validation: { id: '10003', name: 'Tarefa Resolvida – Aguardando Validação do cliente' },
  closed: { id: '6', name: 'Fechado' },
};

export const BOT: JiraUser = { accountId: 'bot', accountType: 'atlassian', displayName: 'Bot' };
export const ANALYST: JiraUser = {
  accountId: 'analyst',
  accountType: 'atlassian',
  displayName: 'Analista',
};
export const CLINIC: JiraUser = {
  accountId: 'clinic',
  accountType: 'customer',
  displayName: 'Clínica',
};
export const RECEPTION: JiraUser = {
  accountId: 'reception',
  accountType: 'atlassian',
  displayName: 'Recepção',
};

export const at = (iso: string) => Date.parse(iso);

let historyId = 100;

export function change(
  from: keyof typeof STATUS,
  to: keyof typeof STATUS,
  iso: string,
  author = ANALYST,
): StatusChange {
  return {
    historyId: String(historyId++),
    atMs: at(iso),
    author,
    from: STATUS[from],
    to: STATUS[to],
  };
}

export function issue(
  status: keyof typeof STATUS,
  changes: StatusChange[],
  extra: Partial<IssueSnapshot> = {},
): IssueSnapshot {
  const last = changes.at(-1);
  return {
    id: '1',
    key: 'SUP-1',
    projectKey: 'SUP',
    issueTypeId: '10001',
    status: STATUS[status],
    summary: 'Laudo não imprime',
    reporter: CLINIC,
    assignee: ANALYST,
    createdMs: at('2026-01-05T09:00:00-03:00'),
    updatedMs: last?.atMs ?? at('2026-01-05T09:00:00-03:00'),
    statusChanges: changes,
    ...extra,
  };
}

export function comment(
  id: string,
  author: JiraUser,
  iso: string,
  extra: Partial<IssueComment> = {},
): IssueComment {
  return { id, author, createdMs: at(iso), isPublic: true, properties: {}, ...extra };
}

/** A project with the statuses typed as admins do: a hyphen instead of Jira's en dash. */
export const typedWithHyphen: ProjectConfig = parseProjectsFile(
  `projects:
  SUP:
    statuses:
      pending: pendente informação do cliente
      analystQueue: Em Atendimento
      validation: Tarefa Resolvida - Aguardando Validação do cliente
      reopen: Em Atendimento
      closed: Fechado
`,
  'hyphen.yaml',
).projects.SUP!;
