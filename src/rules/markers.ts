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

/** The marker a comment action's properties carry, if any (what the runner reads back for). */
export function markerInProperties(
  properties: Record<string, unknown> | undefined,
): Marker | undefined {
  return properties ? markerOf({ id: '', createdMs: 0, isPublic: true, properties }) : undefined;
}

export function sameMarker(a: Marker, b: Marker): boolean {
  return a.kind === b.kind && a.cycle === b.cycle;
}

/** First posted first: by Jira's creation time, then by comment id (ids grow in Jira). */
export function postedBefore(a: IssueComment, b: IssueComment): number {
  return a.createdMs - b.createdMs || Number(a.id) - Number(b.id);
}

/**
 * The comments that say the same thing for the same cycle as `marker`: the one posted first is
 * kept; the others are duplicates (two runs raced, or a run crashed), whoever posted them. Every
 * reader orders them the same way, so two runs cleaning at once never both delete the one kept.
 */
export function markedCopies(
  comments: readonly IssueComment[],
  marker: Marker,
): { first: IssueComment; later: IssueComment[] } | undefined {
  const copies = comments
    .filter((c) => {
      const found = markerOf(c);
      return found !== undefined && sameMarker(found, marker);
    })
    .sort(postedBefore);
  const [first, ...later] = copies;
  return first ? { first, later } : undefined;
}

/** Every later copy of every marked comment of `cycle` among `comments`, oldest first. */
export function laterCopiesInCycle(
  comments: readonly IssueComment[],
  cycle: string,
): IssueComment[] {
  const kinds = new Set<MarkerKind>();
  for (const c of comments) {
    const found = markerOf(c);
    if (found?.cycle === cycle) kinds.add(found.kind);
  }
  return [...kinds]
    .flatMap((kind) => markedCopies(comments, { kind, cycle })?.later ?? [])
    .sort(postedBefore);
}
