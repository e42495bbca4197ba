import type { IssueComment } from '../domain/index.ts';

/** The comment property that marks the service's own closing, reminder and reopen comments. */
export const MARKER_PROPERTY = 'jira-support';

export type MarkerKind = 'closing' | 'reminder' | 'reopen';

/**
 * What a marked comment says: which kind of comment it is, and for which validation cycle (the
 * changelog history id of the entry into validation), so that each is posted once per cycle.
 */
export interface Marker {
  kind: MarkerKind;
  cycle: string;
}

const KINDS = new Set<string>(['closing', 'reminder', 'reopen']);

export function markerOf(comment: IssueComment): Marker | undefined {
  const value = comment.properties[MARKER_PROPERTY] as Partial<Marker> | undefined;
  if (!value || typeof value.cycle !== 'string' || !KINDS.has(String(value.kind))) return undefined;
  return { kind: value.kind as MarkerKind, cycle: value.cycle };
}

export function markerProperty(
  kind: MarkerKind,
  cycle: string,
): Record<string, Record<string, unknown>> {
  return { [MARKER_PROPERTY]: { kind, cycle } };
}
