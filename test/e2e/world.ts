/**
 * The end-to-end tests' vocabulary: the people and statuses of the vendor's site, and issues
 * arranged in the sandbox. Starting the sandbox and the service is test/support/world.ts's job;
 * it is re-exported here for the files that import it from here.
 */
import type { Sandbox } from '../../src/sandbox/index.ts';

export {
  BOT,
  CONFIG,
  SECRET,
  startWorld,
  type ServiceInstance,
  type World,
} from '../support/world.ts';

export const CUSTOMER = 'clinica@cliente.example';
export const RECEPTION = 'recepcao@clinica2.example';
/** a second clinic's portal customer whose profile is private: comment webhooks omit her accountType */
export const PRIVATE_CUSTOMER = 'contato@clinica3.example';
export const ANALYST = 'analista@pixeon.example';
export const STATUS = {
  open: 'Aberto',
  analysts: 'Em Atendimento',
  pending: 'Pendente Informação do cliente',
  validation: 'Tarefa Resolvida – Aguardando Validação do cliente',
  closed: 'Fechado',
};

/** An issue created and walked to a status through the workflow, silently (no webhooks), at `at`. */
export function arrangeIssue(
  sandbox: Sandbox,
  path: Array<{ status: string; at: string; by?: string; resolution?: string }>,
  reporter = CUSTOMER,
): string {
  const first = Date.parse(path[0]?.at ?? new Date().toISOString()) - 3_600_000;
  const issue = sandbox.store.createIssue(
    { summary: 'Laudo não imprime', reporter, assignee: ANALYST },
    { by: reporter, at: first, silent: true },
  );
  for (const step of path) {
    sandbox.store.moveToStatus(issue.key, step.status, {
      by: step.by ?? ANALYST,
      at: Date.parse(step.at),
      silent: true,
      ...(step.resolution ? { resolution: step.resolution } : {}),
    });
  }
  return issue.key;
}

/** The issue's resolution by name, or null when it has none (Jira's "Unresolved"). */
export function resolutionOf(sandbox: Sandbox, key: string): string | null {
  const id = sandbox.store.issue(key)!.resolutionId;
  return id === null ? null : (sandbox.site.findResolution(id)?.name ?? id);
}

export function statusOf(sandbox: Sandbox, key: string): string {
  return sandbox.site.status(sandbox.store.issue(key)!.statusId).name;
}
