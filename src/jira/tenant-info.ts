/**
 * A Jira Cloud site's cloud id, from `{site}/_edge/tenant_info` (no authentication; Atlassian's
 * "Manage API tokens" page sends scoped-token users there for the id their gateway URL needs).
 */
export async function readTenantCloudId(
  siteUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const url = `${siteUrl.replace(/\/+$/, '')}/_edge/tenant_info`;
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`GET /_edge/tenant_info failed: ${response.status}`);
  const body = (await response.json()) as { cloudId?: unknown };
  if (typeof body.cloudId !== 'string' || body.cloudId === '') {
    throw new Error('GET /_edge/tenant_info answered without a cloudId');
  }
  return body.cloudId;
}
