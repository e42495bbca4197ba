/**
 * A stable name for each Jira call, for the call counts of a sweep report and for metrics labels
 * (never the issue key: that would make labels unbounded).
 */
const OPERATIONS: Array<[method: string, pattern: RegExp, name: string]> = [
  ['GET', /^\/rest\/api\/3\/myself$/, 'myself'],
  ['GET', /^\/rest\/api\/3\/search\/jql$/, 'search'],
  ['POST', /^\/rest\/api\/3\/search\/jql$/, 'search'],
  ['GET', /^\/rest\/api\/3\/issue\/[^/]+\/changelog$/, 'getChangelog'],
  ['GET', /^\/rest\/api\/3\/issue\/[^/]+\/transitions$/, 'getTransitions'],
  ['POST', /^\/rest\/api\/3\/issue\/[^/]+\/transitions$/, 'doTransition'],
  ['GET', /^\/rest\/api\/3\/issue\/[^/]+\/comment$/, 'getComments'],
  ['POST', /^\/rest\/api\/3\/issue\/[^/]+\/comment$/, 'addComment'],
  ['GET', /^\/rest\/api\/3\/issue\/[^/]+\/comment\/[^/]+$/, 'getComment'],
  ['DELETE', /^\/rest\/api\/3\/issue\/[^/]+\/comment\/[^/]+$/, 'deleteComment'],
  ['GET', /^\/rest\/api\/3\/issue\/[^/]+\/properties\/[^/]+$/, 'getIssueProperty'],
  ['PUT', /^\/rest\/api\/3\/issue\/[^/]+\/properties\/[^/]+$/, 'setIssueProperty'],
  ['DELETE', /^\/rest\/api\/3\/issue\/[^/]+\/properties\/[^/]+$/, 'deleteIssueProperty'],
  ['PUT', /^\/rest\/api\/3\/issue\/[^/]+\/assignee$/, 'assignIssue'],
  ['GET', /^\/rest\/api\/3\/issue\/[^/]+$/, 'getIssue'],
  ['POST', /^\/rest\/api\/3\/issue$/, 'createIssue'],
  ['GET', /^\/rest\/api\/3\/user\/groups$/, 'getUserGroups'],
  ['GET', /^\/rest\/api\/3\/user$/, 'getUser'],
  ['GET', /^\/rest\/api\/3\/project\/[^/]+\/statuses$/, 'getProjectStatuses'],
  ['GET', /^\/rest\/api\/3\/field$/, 'getFields'],
  ['GET', /^\/rest\/servicedeskapi\/request\/[^/]+\/participant$/, 'getRequestParticipants'],
  ['POST', /^\/rest\/servicedeskapi\/request\/[^/]+\/participant$/, 'addRequestParticipants'],
  ['GET', /^\/rest\/servicedeskapi\/organization\/[^/]+\/user$/, 'getOrganizationUsers'],
  ['GET', /^\/rest\/webhooks\/1\.0\/webhook(\/[^/]+)?$/, 'listWebhooks'],
  ['PUT', /^\/rest\/webhooks\/1\.0\/webhook\/[^/]+$/, 'updateWebhook'],
  ['POST', /^\/rest\/webhooks\/1\.0\/webhook$/, 'registerWebhook'],
  ['DELETE', /^\/rest\/webhooks\/1\.0\/webhook\/[^/]+$/, 'deleteWebhook'],
];

export function operationName(method: string, path: string): string {
  const upper = method.toUpperCase();
  for (const [m, pattern, name] of OPERATIONS) {
    if (m === upper && pattern.test(path)) return name;
  }
  return 'other';
}

/** Whether sending the request twice does no harm (a search is a POST but only reads). */
export function isIdempotent(method: string, path: string): boolean {
  const upper = method.toUpperCase();
  if (upper === 'POST') return /\/search\/jql$/.test(path);
  return true;
}
