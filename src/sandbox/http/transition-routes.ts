import { isAdfDocument } from '../adf.ts';
import type { AdfNode, Transition } from '../model.ts';
import { renderTransition } from '../render.ts';
import { FIELD_REQUIRED, type ScreenFieldId } from '../screen-fields.ts';
import type { Site } from '../site.ts';
import type { SandboxStore } from '../store.ts';
import { badRequest, JiraHttpError } from './errors.ts';
import { caller, isObject, jsonObject, queryList, queryString } from './request.ts';
import { assigneeRef, CANNOT_SET, NOT_ADF, pathIssue, renderContext, type Route } from './route.ts';

/** What a transition request asks for beyond the status change, once checked. */
interface TransitionInput {
  /** a resolution id, null to clear it, undefined when not sent */
  resolution?: string | null;
  assignee?: string | null;
  comments: AdfNode[];
}

export function transitionRoutes(store: SandboxStore): Route[] {
  const site = store.site;
  return [
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey/transitions',
      operation: 'getTransitions',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const only = queryString(req, 'transitionId');
        const fields = queryList(req, 'expand').includes('transitions.fields');
        const ctx = renderContext(req, store);
        res.json({
          expand: 'transitions',
          transitions: store
            .availableTransitions(issue)
            .filter((t) => only === undefined || t.id === only)
            .map((t) => renderTransition(ctx, t, { fields })),
        });
      },
    },
    {
      method: 'post',
      path: '/rest/api/3/issue/:issueIdOrKey/transitions',
      operation: 'doTransition',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const body = jsonObject(req);
        const requested = isObject(body.transition) ? body.transition.id : undefined;
        if (typeof requested !== 'string' && typeof requested !== 'number') {
          throw badRequest("Missing 'transition' identifier");
        }
        const id = String(requested);
        const transition = store.availableTransitions(issue).find((t) => t.id === id);
        if (!transition) throw badRequest(`Transition id '${id}' is not valid for this issue.`);

        const input = readTransitionInput(site, transition, body);
        const by = caller(res).accountId;
        store.transition(issue.key, transition.id, { by, resolution: input.resolution });
        if (input.assignee !== undefined) store.assign(issue.key, input.assignee, { by });
        for (const comment of input.comments)
          store.addComment(issue.key, { body: comment }, { by });
        if (Array.isArray(body.properties)) {
          for (const property of body.properties) {
            if (isObject(property) && typeof property.key === 'string') {
              store.setProperty(issue.key, property.key, property.value);
            }
          }
        }
        res.status(204).end();
      },
    },
  ];
}

/**
 * Reads `fields` and `update` against the transition's screen, as Jira does: a field off the
 * screen is "cannot be set", a required one that is missing (or sent as null) is "Field X is
 * required.", and a comment without a comment field on the screen is silently dropped. Every
 * problem is reported in one 400.
 */
function readTransitionInput(
  site: Site,
  transition: Transition,
  body: Record<string, unknown>,
): TransitionInput {
  const errors: Record<string, string> = {};
  const input: TransitionInput = { comments: [] };
  const onScreen = (field: string): field is ScreenFieldId =>
    (transition.screen as string[]).includes(field);
  const setField = (field: ScreenFieldId, value: unknown) => {
    if (field === 'resolution') {
      if (value === null) {
        input.resolution = null;
        return;
      }
      const ref = isObject(value) ? (value.id ?? value.name) : undefined;
      const resolution = typeof ref === 'string' ? site.findResolution(ref) : undefined;
      if (resolution) input.resolution = resolution.id;
      else errors.resolution = 'Specify a valid value for resolution';
    } else if (field === 'assignee') {
      const accountId = assigneeRef(site, value, errors);
      if (accountId !== undefined) input.assignee = accountId;
    }
  };

  for (const [field, value] of Object.entries(isObject(body.fields) ? body.fields : {})) {
    if (onScreen(field)) setField(field, value);
    else errors[field] = CANNOT_SET(field);
  }
  for (const [field, operations] of Object.entries(isObject(body.update) ? body.update : {})) {
    if (field === 'comment') {
      // Jira silently drops a comment when the transition's screen has no comment field.
      if (!onScreen('comment')) continue;
      for (const operation of Array.isArray(operations) ? operations : []) {
        const added =
          isObject(operation) && isObject(operation.add) ? operation.add.body : undefined;
        if (isAdfDocument(added)) input.comments.push(added);
        else errors.comment = NOT_ADF;
      }
    } else if (!onScreen(field)) {
      errors[field] = CANNOT_SET(field);
    } else {
      for (const operation of Array.isArray(operations) ? operations : []) {
        if (isObject(operation) && 'set' in operation) setField(field, operation.set);
      }
    }
  }

  const sent: Record<ScreenFieldId, boolean> = {
    resolution: typeof input.resolution === 'string' || 'resolution' in errors,
    assignee: typeof input.assignee === 'string' || 'assignee' in errors,
    comment: input.comments.length > 0 || 'comment' in errors,
  };
  const missing = transition.required.filter((field) => !sent[field]).map(FIELD_REQUIRED);
  if (missing.length > 0 || Object.keys(errors).length > 0) {
    throw new JiraHttpError(400, missing, errors);
  }
  return input;
}
