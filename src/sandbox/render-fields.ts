import type { Issue } from './model.ts';
import type { Site } from './site.ts';

/**
 * JSM's Organizations field: a custom field whose id differs from site to site (clients find it
 * by its type in GET /field); the sandbox gives it the id JSM sites commonly have.
 */
export const ORGANIZATIONS_FIELD_ID = 'customfield_10002';
export const ORGANIZATIONS_FIELD_TYPE = 'com.atlassian.servicedesk:sd-customer-organization';

/** The Organizations field's value: the organizations, or null when the request has none. */
export function renderOrganizations(base: string, site: Site, issue: Issue) {
  if (issue.organizationIds.length === 0) return null;
  return issue.organizationIds.map((id) => ({
    id,
    name: site.organization(id)?.name ?? id,
    _links: { self: `${base}/rest/servicedeskapi/organization/${id}` },
  }));
}

/** GET /field: the system fields the sandbox has, then the Organizations custom field. */
export function renderFieldList(systemFieldIds: readonly string[]) {
  return [
    ...systemFieldIds.map((id) => ({
      id,
      key: id,
      name: id,
      custom: false,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [id],
      schema: { type: 'string', system: id },
    })),
    {
      id: ORGANIZATIONS_FIELD_ID,
      key: ORGANIZATIONS_FIELD_ID,
      name: 'Organizations',
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ['Organizations', 'cf[10002]'],
      schema: {
        type: 'array',
        items: 'sd-customerorganization',
        custom: ORGANIZATIONS_FIELD_TYPE,
        customId: 10002,
      },
    },
  ];
}
