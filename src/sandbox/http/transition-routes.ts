import { isAdfDocument } from '../adf.ts';
import type { AdfNode } from '../model.ts';
import { renderTransition } from '../render.ts';
import type { SandboxStore } from '../store.ts';
import { badRequest, fieldErrors } from './errors.ts';
import { caller, isObject, jsonObject, queryString } from './request.ts';
import { CANNOT_SET, NOT_ADF, pathIssue, renderContext, type Route } from './route.ts';

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
        const ctx = renderContext(req, store);
        res.json({
          expand: 'transitions',
          transitions: store
            .availableTransitions(issue)
            .filter((t) => only === undefined || t.id === only)
            .map((t) => renderTransition(ctx, t)),
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

        // Only fields on the transition's screen may be set; without a screen, Jira rejects them.
        const errors: Record<string, string> = {};
        let resolution: string | undefined;
        let assignee: string | null | undefined;
        for (const [field, value] of Object.entries(isObject(body.fields) ? body.fields : {})) {
          if (!transition.screen.includes(field)) {
            errors[field] = CANNOT_SET(field);
          } else if (field === 'resolution') {
            const ref = isObject(value) ? (value.id ?? value.name) : undefined;
            resolution = typeof ref === 'string' ? site.findResolution(ref)?.id : undefined;
            if (resolution === undefined)
              errors.resolution = 'Specify a valid value for resolution';
          } else if (field === 'assignee') {
            const accountId = isObject(value) ? value.accountId : null;
            const user = typeof accountId === 'string' ? site.findUser(accountId) : undefined;
            if (value !== null && !user)
              errors.assignee = `User '${String(accountId)}' does not exist.`;
            assignee = user?.accountId ?? null;
          }
        }
        const comments: AdfNode[] = [];
        for (const [field, operations] of Object.entries(
          isObject(body.update) ? body.update : {},
        )) {
          if (field === 'comment') {
            // Jira silently drops a comment when the transition's screen has no comment field.
            if (!transition.screen.includes('comment')) continue;
            for (const operation of Array.isArray(operations) ? operations : []) {
              const added =
                isObject(operation) && isObject(operation.add) ? operation.add.body : undefined;
              if (isAdfDocument(added)) comments.push(added);
              else errors.comment = NOT_ADF;
            }
          } else if (!transition.screen.includes(field)) {
            errors[field] = CANNOT_SET(field);
          }
        }
        if (Object.keys(errors).length > 0) throw fieldErrors(errors);

        const by = caller(res).accountId;
        store.transition(issue.key, transition.id, { by, resolution });
        if (assignee !== undefined) store.assign(issue.key, assignee, { by });
        for (const comment of comments) store.addComment(issue.key, { body: comment }, { by });
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
