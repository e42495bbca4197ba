import { fileURLToPath } from 'node:url';
import { loadProjectsFile, parseProjectsFile, type ProjectConfig } from '../../src/config/index.ts';
import type {
  IssueComment,
  IssueSnapshot,
  JiraUser,
  StatusChange,
} from '../../src/domain/index.ts';
import type { CustomerContext, CustomerVerdict, JudgedComment } from '../../src/rules/index.ts';
import { FAKE_STATUS } from '../support/fake-jira.ts';

/** The vendor's real mapping (config/projects.yaml): SUP, BR-SP-SP with public + bank, reminders on. */
export const config = loadProjectsFile(
  fileURLToPath(new URL('../../config/projects.yaml', import.meta.url)),
);
export const sup: ProjectConfig = config.projects.SUP!;

/** The statuses of the support workflow, the same the in-memory Jira's workflow moves between. */
export const STATUS = FAKE_STATUS;

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

/** Authors as the rules judge them. */
export const CUSTOMER_VERDICT: CustomerVerdict = {
  isCustomer: true,
  code: 'customer-account',
  reason: 'the author is a customer account',
};
export const ANALYST_VERDICT: CustomerVerdict = {
  isCustomer: false,
  code: 'analyst-group',
  reason: 'the author is in the analyst group suporte',
};

/** A comment with the verdict on its author, as the sweep hands it to the rules. */
export function judged(c: IssueComment, verdict = CUSTOMER_VERDICT): JudgedComment {
  return { ...c, customer: verdict };
}

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

/** Who-is-the-customer facts for SUP's reporter (the clinic), with `extra` on top. */
export function customerContext(extra: Partial<CustomerContext> = {}): CustomerContext {
  return {
    botAccountId: BOT.accountId,
    reporterAccountId: CLINIC.accountId,
    customer: sup.customer,
    authorGroups: [],
    ...extra,
  };
}
