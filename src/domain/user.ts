/** A Jira account as the service sees it, whether read from REST or from a webhook body. */
export interface JiraUser {
  accountId: string;
  displayName?: string;
  /** atlassian, app or customer (Jira Service Management portal-only users) */
  accountType?: string;
}
