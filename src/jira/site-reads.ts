/**
 * Reads about the bot's own standing on the site (for `doctor`): its permissions in a project and
 * its place in JSM. Plain requests on the transport, so they are retried, paced and counted.
 */
import type { Client } from 'jira.js/core';
import { isApiError } from 'jira.js';
import { segment } from './path-segment.ts';

interface RawPermissions {
  permissions?: Record<string, { havePermission?: boolean }>;
}

/** Whether the account holds each permission key in the project (GET /rest/api/3/mypermissions). */
export async function myPermissions(
  transport: Client,
  projectKey: string,
  keys: readonly string[],
): Promise<Record<string, boolean>> {
  const answer = await transport.sendRequest<RawPermissions>({
    url: '/rest/api/3/mypermissions',
    method: 'GET',
    searchParams: { projectKey, permissions: keys.join(',') },
  });
  return Object.fromEntries(
    keys.map((key) => [key, answer?.permissions?.[key]?.havePermission === true]),
  );
}

export interface ServiceDesk {
  id: string;
  projectKey: string;
}

/** The JSM service desks the account can see; [] on a site without JSM (404). */
export async function serviceDesks(transport: Client): Promise<ServiceDesk[]> {
  const desks: ServiceDesk[] = [];
  for (let start = 0; ;) {
    let answer: { values?: Array<Record<string, unknown>>; isLastPage?: boolean; size?: number };
    try {
      answer = await transport.sendRequest({
        url: '/rest/servicedeskapi/servicedesk',
        method: 'GET',
        searchParams: { start, limit: 50 },
      });
    } catch (error) {
      if (isApiError(error) && error.status === 404) return [];
      throw error;
    }
    const values = answer?.values ?? [];
    for (const v of values) desks.push({ id: String(v.id), projectKey: String(v.projectKey) });
    if (answer?.isLastPage !== false || values.length === 0) return desks;
    start += values.length;
  }
}

/**
 * Whether the account is an agent of the service desk: its queues are agent-only ("Permissions
 * required: service desk's Agent"), so a 403 says it is not.
 */
export async function isServiceDeskAgent(
  transport: Client,
  serviceDeskId: string,
): Promise<boolean> {
  try {
    await transport.sendRequest({
      url: `/rest/servicedeskapi/servicedesk/${segment(serviceDeskId, 'a service desk id')}/queue`,
      method: 'GET',
      searchParams: { limit: 1 },
    });
    return true;
  } catch (error) {
    if (isApiError(error) && error.status === 403) return false;
    throw error;
  }
}
