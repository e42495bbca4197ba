/**
 * The two forms JIRA_BASE_URL may take. A classic API token works against the site
 * (https://example.atlassian.net); a scoped API token only through Atlassian's gateway,
 * https://api.atlassian.com/ex/jira/{cloudId} (the site answers it 401). See
 * https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account
 * The gateway serves the REST API alone: people open issues on the site, so links use JIRA_SITE_URL.
 */
export const GATEWAY_HOST = 'api.atlassian.com';

const GATEWAY_PATH =
  /^\/ex\/jira\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/?$/i;

/** True for any URL on api.atlassian.com, well formed or not. */
export function isGatewayUrl(text: string): boolean {
  return URL.parse(text)?.hostname.toLowerCase() === GATEWAY_HOST;
}

/** The gateway URL is https://api.atlassian.com/ex/jira/{cloudId}, the cloud id a UUID. */
export function isWellFormedGatewayUrl(text: string): boolean {
  const url = URL.parse(text);
  return (
    url !== null &&
    url.protocol === 'https:' &&
    url.hostname.toLowerCase() === GATEWAY_HOST &&
    GATEWAY_PATH.test(url.pathname) &&
    url.search === '' &&
    url.hash === ''
  );
}

/** The cloud id of a well-formed gateway URL; undefined for any other URL. */
export function gatewayCloudId(text: string): string | undefined {
  return isWellFormedGatewayUrl(text) ? new URL(text).pathname.split('/')[3] : undefined;
}

/** Where a person opens an issue: `{site}/browse/{key}`. */
export function issueLink(siteUrl: string, key: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
}
