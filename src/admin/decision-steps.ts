/**
 * Pure: a decision's typed actions as the admin page lists them (pt-BR), one line per action, in
 * the order the runner performs them. The English summaries (describeAction, what the dry run
 * prints) stay beside them in the JSON.
 */
import type { IssueSnapshot, JiraUser, StatusRef } from '../domain/index.ts';
import { VALIDATION_PROPERTY, type Action, type TransitionChoice } from '../rules/index.ts';

/** About two lines of the table: enough to recognise the template, short enough to scan. */
export const QUOTE_CHARS = 160;

/** The text on one line, cut at about `max` characters with an ellipsis. */
export function shorten(text: string, max = QUOTE_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** Display names of the people the issue shows (reporter, assignee, whoever moved it). */
export function peopleOf(issue: IssueSnapshot | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const add = (user: JiraUser | undefined) => {
    if (user?.displayName) names.set(user.accountId, user.displayName);
  };
  add(issue?.reporter);
  add(issue?.assignee);
  for (const change of issue?.statusChanges ?? []) add(change.author);
  return names;
}

function statusName(ref: StatusRef): string {
  return 'id' in ref ? `status de id ${ref.id}` : ref.name;
}

/** "(resolução Resolvido)", "(resolução apagada)", other fields by name; nothing without fields. */
function fieldsNote(via: TransitionChoice | undefined): string {
  const fields = Object.entries(via?.fields ?? {});
  if (fields.length === 0) return '';
  const parts = fields.map(([field, value]) => {
    const label = field === 'resolution' ? 'resolução' : `campo ${field}`;
    if (value === null) return `${label} apagada`;
    const named = value as { name?: unknown; value?: unknown };
    const shown = typeof value === 'object' ? (named.name ?? named.value) : value;
    return typeof shown === 'string' || typeof shown === 'number'
      ? `${label} ${shown}`
      : `${label} preenchido`;
  });
  return ` (${parts.join(', ')})`;
}

/** One action in words; `people` names an account the issue shows (else its account id). */
export function describeStep(action: Action, people: ReadonlyMap<string, string>): string {
  switch (action.type) {
    case 'comment':
      return action.internal
        ? `Nota interna: «${shorten(action.text)}»`
        : `Comentário público ao cliente: «${shorten(action.text)}»`;
    case 'transition': {
      const via = action.via?.name ? ` pela transição «${action.via.name}»` : '';
      return `Transição para «${statusName(action.to)}»${via}${fieldsNote(action.via)}`;
    }
    case 'assign':
      return `Atribuir a ${people.get(action.accountId) ?? `conta ${action.accountId}`}`;
    case 'delete-comment':
      return `Apagar a cópia repetida do comentário ${action.commentId} (outra execução publicou o mesmo)`;
    case 'set-property':
      return action.key === VALIDATION_PROPERTY
        ? 'Registrar o lembrete no chamado'
        : `Registrar a propriedade ${action.key} no chamado`;
  }
}

export function describeSteps(actions: readonly Action[], issue?: IssueSnapshot): string[] {
  const people = peopleOf(issue);
  return actions.map((action) => describeStep(action, people));
}
