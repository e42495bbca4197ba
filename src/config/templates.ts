/**
 * Comment templates are pt-BR text with {{placeholders}}. The set of placeholders is closed so that
 * a typo in the projects file fails `config check` instead of reaching a customer as "{{dat}}".
 */
export const TEMPLATE_PLACEHOLDERS = [
  'issueKey',
  'summary',
  'businessDays',
  'resolvedDate',
  'closingDate',
  'lastBusinessDay',
  'customerName',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;

export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export function renderTemplate(
  template: string,
  values: Partial<Record<TemplatePlaceholder, string | number>>,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name as TemplatePlaceholder];
    return value === undefined ? whole : String(value);
  });
}
