/**
 * Which transition a move takes, and whether its screen can be satisfied: pure, so every rule is
 * tested on plain lists. Several transitions may lead into one status (a global "Cancelar" into
 * "Fechado" beside "Fechar"), so the projects file names the one to take; without a name the only
 * non-global transition into the target is taken, and a choice between several is refused.
 */
import {
  describeStatus,
  normalizeStatusName,
  statusMatches,
  type Status,
  type StatusRef,
} from '../domain/index.ts';
import type { Transition, TransitionField } from './mapping.ts';

/** A project's `transitions.<target>`: the transition to take into a target, and what to send. */
export interface TransitionVia {
  /** the projects file's key (analystQueue, reopen, closed), for messages naming what to set */
  target?: string | undefined;
  name?: string | undefined;
  id?: string | undefined;
  /** sent as the transition's `fields`; a null value clears the field */
  fields?: Record<string, unknown> | undefined;
}

export type TransitionPick = { transition: Transition } | { problem: string };

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

function settingOf(via: TransitionVia | undefined): string {
  return `transitions.${via?.target ?? '<target>'}`;
}

/** The transition of `listed` (transitions from `from`) to take into `target`, or why none is. */
export function pickTransition(
  listed: readonly Transition[],
  from: Status,
  target: StatusRef,
  via?: TransitionVia,
): TransitionPick {
  const into = listed.filter((t) => statusMatches(target, t.to));
  const setting = settingOf(via);
  if (into.length === 0) {
    const detail =
      listed.length > 0
        ? `available: ${quoted(listed.map((t) => t.name))}`
        : 'no transitions available';
    return {
      problem: `transition to ${describeStatus(target)} is not available from "${from.name}" (${detail})`,
    };
  }
  const others = `into ${describeStatus(target)}: ${quoted(into.map((t) => t.name))}`;
  if (via?.id !== undefined) {
    const byId = into.find((t) => t.id === via.id);
    if (byId) return { transition: byId };
    return {
      problem: `no transition id ${via.id} leads from "${from.name}" to ${describeStatus(target)} (${others}); check ${setting}.id`,
    };
  }
  if (via?.name !== undefined) {
    const wanted = normalizeStatusName(via.name);
    const named = into.filter((t) => normalizeStatusName(t.name) === wanted);
    if (named.length === 1) return { transition: named[0]! };
    return {
      problem:
        named.length === 0
          ? `no transition "${via.name}" leads from "${from.name}" to ${describeStatus(target)} (${others}); check ${setting}.name`
          : `several transitions named "${via.name}" lead to ${describeStatus(target)} (ids ${named.map((t) => t.id).join(', ')}); set ${setting}.id instead`,
    };
  }
  const local = into.filter((t) => !t.isGlobal);
  if (local.length === 1) return { transition: local[0]! };
  return {
    problem:
      local.length === 0
        ? `only global transitions lead to ${describeStatus(target)} (${quoted(into.map((t) => t.name))}); name the one to take in ${setting}.name`
        : `several transitions lead to ${describeStatus(target)} (${quoted(local.map((t) => t.name))}); name the one to take in ${setting}.name`,
  };
}

/**
 * What Jira would refuse about the fields sent with `transition`, judged from its screen as listed
 * (`expand=transitions.fields`): a required field not set, a field not on the screen, a value not
 * among the allowed ones. Undefined when all is well, or when Jira did not list the screen.
 */
export function screenProblem(transition: Transition, via?: TransitionVia): string | undefined {
  const screen = transition.fields;
  if (!screen) return undefined;
  const setting = settingOf(via);
  const sent = via?.fields ?? {};
  const missing = Object.entries(screen).filter(
    ([id, field]) => field.required && (sent[id] === undefined || sent[id] === null),
  );
  if (missing.length > 0) {
    return `"${transition.name}" needs ${missing.map(([, f]) => f.name).join(' and ')}; set ${missing.map(([id]) => `${setting}.fields.${id}`).join(' and ')}`;
  }
  for (const [id, value] of Object.entries(sent)) {
    const field = screen[id];
    if (!field) {
      return `"${transition.name}" has no field ${id} on its screen, so Jira would refuse it; remove ${setting}.fields.${id}`;
    }
    const allowed = allowedProblem(field, value);
    if (allowed) return `"${transition.name}": ${allowed}; check ${setting}.fields.${id}`;
  }
  return undefined;
}

/** A `{name}`, `{id}` or `{value}` not among the field's allowed values (e.g. a resolution). */
function allowedProblem(field: TransitionField, value: unknown): string | undefined {
  const values = (field.allowedValues ?? []).filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === 'object',
  );
  if (values.length === 0 || value === null || typeof value !== 'object') return undefined;
  const wanted = value as Record<string, unknown>;
  const keys = (['id', 'name', 'value'] as const).filter((k) => typeof wanted[k] === 'string');
  if (keys.length === 0) return undefined;
  const known = values.some((v) => keys.every((k) => v[k] === wanted[k]));
  if (known) return undefined;
  const names = values.map((v) => String(v.name ?? v.value ?? v.id));
  return `${field.name} has no value ${keys.map((k) => `${k} "${String(wanted[k])}"`).join(', ')} (allowed: ${quoted(names)})`;
}
