/**
 * The fields a sandbox transition screen may hold, with what Jira says of them in
 * `GET /issue/{key}/transitions?expand=transitions.fields` (FieldMetadata) and in its "Field X is
 * required." error: the display name, the schema and the operations.
 */
export interface ScreenField {
  /** the display name Jira writes in "Field Resolution is required." */
  name: string;
  schema: { type: string; system: string; items?: string };
  operations: string[];
}

export const SCREEN_FIELDS = {
  resolution: {
    name: 'Resolution',
    schema: { type: 'resolution', system: 'resolution' },
    operations: ['set'],
  },
  comment: {
    name: 'Comment',
    schema: { type: 'comments-page', system: 'comment' },
    operations: ['add', 'edit', 'remove'],
  },
  assignee: {
    name: 'Assignee',
    schema: { type: 'user', system: 'assignee' },
    operations: ['set'],
  },
} as const satisfies Record<string, ScreenField>;

export type ScreenFieldId = keyof typeof SCREEN_FIELDS;

export function isScreenField(id: string): id is ScreenFieldId {
  return Object.hasOwn(SCREEN_FIELDS, id);
}

/** Jira's 400 for a transition sent without a field its screen requires. */
export const FIELD_REQUIRED = (id: ScreenFieldId) => `Field ${SCREEN_FIELDS[id].name} is required.`;
