/** Jira writes `2019-02-15T19:11:18.321-0800`: ISO 8601 except for the colon missing in the offset. */
const JIRA_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds of a Jira date-time, or undefined when the text is not one. */
export function parseJiraDateTime(text: string): number | undefined {
  if (!JIRA_DATE_TIME.test(text)) return undefined;
  const parsed = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(parsed) ? undefined : parsed;
}
