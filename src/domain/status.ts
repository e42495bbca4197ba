/** A status as Jira names it: its id and its display name. */
export interface Status {
  id: string;
  name: string;
}

/** A status in the projects file: by name, or by Jira's status id when names are ambiguous. */
export type StatusRef = { name: string } | { id: string };

/**
 * Status names as admins type them and as Jira returns them differ in ways that do not matter:
 * "Tarefa Resolvida – Aguardando" (en dash) vs "Tarefa Resolvida - Aguardando" (hyphen), composed
 * vs decomposed accents, case, doubled or non-breaking spaces. Compare names only through this.
 */
export function normalizeStatusName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]/g, '-')
    .replace(/\s*-\s*/g, ' - ')
    .replace(/[\s\u00A0\u202F]+/g, ' ')
    .trim()
    .toLocaleLowerCase('pt-BR');
}

export function statusMatches(ref: StatusRef, status: Status | undefined | null): boolean {
  if (!status) return false;
  if ('id' in ref) return ref.id === String(status.id);
  return normalizeStatusName(ref.name) === normalizeStatusName(status.name);
}

export function describeStatus(ref: StatusRef): string {
  return 'id' in ref ? `status id ${ref.id}` : `"${ref.name}"`;
}
