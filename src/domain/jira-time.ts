/** Jira writes `2019-02-15T19:11:18.321-0800`: ISO 8601 except for the colon missing in the offset. */
const JIRA_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds of a Jira date-time, or undefined when the text is not one. */
export function parseJiraDateTime(text: string): number | undefined {
  if (!JIRA_DATE_TIME.test(text)) return undefined;
  const parsed = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * Epoch milliseconds of a timestamp as jira.js hands it over: a Date when the response matched its
 * schema, the raw string when not, or already a number.
 */
export function jiraInstantMs(value: unknown): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'string') return parseJiraDateTime(value);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}
