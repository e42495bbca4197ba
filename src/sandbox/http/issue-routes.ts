import { isAdfDocument } from '../adf.ts';
import type { AdfNode } from '../model.ts';
import {
  EMBEDDED_CHANGELOG_LIMITS,
  parseFieldSelection,
  renderHistory,
  renderIssue,
  renderProjectStatuses,
} from '../render.ts';
import type { IssueEdit, SandboxStore } from '../store.ts';
import { badRequest, fieldErrors, JiraHttpError } from './errors.ts';
import { baseUrl, caller, isObject, jsonObject, queryInteger, queryList } from './request.ts';
import {
  assigneeRef,
  CANNOT_SET,
  NOT_ADF,
  pathIssue,
  renderContext,
  userRef,
  type Route,
} from './route.ts';

const CHANGELOG_PAGE_LIMIT = 100;

export function issueRoutes(store: SandboxStore): Route[] {
  const site = store.site;

  /** The editable fields of PUT /issue and POST /issue; anything else is Jira's "cannot be set". */
  const readEdit = (fields: Record<string, unknown>, errors: Record<string, string>): IssueEdit => {
    const edit: IssueEdit = {};
    for (const [field, value] of Object.entries(fields)) {
      switch (field) {
        case 'summary':
          if (typeof value === 'string' && value.trim() !== '') edit.summary = value;
          else errors.summary = 'You must specify a summary of the issue.';
          break;
        case 'description':
          if (value === null || isAdfDocument(value)) edit.description = value as AdfNode | null;
          else errors.description = NOT_ADF;
          break;
        case 'priority': {
          const ref = isObject(value) ? (value.id ?? value.name) : undefined;
          const priority = typeof ref === 'string' ? site.findPriority(ref) : undefined;
          if (priority) edit.priority = priority.id;
          else errors.priority = 'Specify a valid value for priority';
          break;
        }
        case 'labels':
          if (Array.isArray(value) && value.every((l) => typeof l === 'string' && !/\s/.test(l))) {
            edit.labels = value as string[];
          } else errors.labels = 'Labels are strings without spaces.';
          break;
        case 'assignee': {
          const id = assigneeRef(site, value, errors);
          if (id !== undefined) edit.assignee = id;
          break;
        }
        default:
          errors[field] = CANNOT_SET(field);
      }
    }
    return edit;
  };

  return [
    {
      method: 'get',
      path: '/rest/api/3/project/:projectIdOrKey/statuses',
      operation: 'getAllStatuses',
      handler: (req, res) => {
        const ref = String(req.params.projectIdOrKey);
        const project = site.projects.find((p) => p.key === ref.toUpperCase() || p.id === ref);
        if (!project)
          throw new JiraHttpError(404, [`No project could be found with key '${ref}'.`]);
        res.json(renderProjectStatuses(renderContext(req, store), project.id));
      },
    },
    {
      method: 'post',
      path: '/rest/api/3/issue',
      operation: 'createIssue',
      handler: (req, res) => {
        const body = jsonObject(req);
        const fields = isObject(body.fields) ? { ...body.fields } : {};
        const errors: Record<string, string> = {};
        const projectRef = isObject(fields.project)
          ? (fields.project.key ?? fields.project.id)
          : undefined;
        const project = typeof projectRef === 'string' ? site.findProject(projectRef) : undefined;
        if (!project) errors.project = 'Specify a valid project ID or key';
        const typeRef = isObject(fields.issuetype)
          ? (fields.issuetype.id ?? fields.issuetype.name)
          : undefined;
        const issueType = project?.issueTypes.find((t) => t.id === typeRef || t.name === typeRef);
        if (project && !issueType) errors.issuetype = 'Specify an issue type';
        if (typeof fields.summary !== 'string' || fields.summary.trim() === '') {
          errors.summary = 'You must specify a summary of the issue.';
        }
        const reporter =
          fields.reporter === undefined
            ? caller(res).accountId
            : userRef(site, fields.reporter, 'reporter', errors);
        for (const key of ['project', 'issuetype', 'reporter']) delete fields[key];
        const edit = readEdit(fields, errors);
        if (Object.keys(errors).length > 0) throw fieldErrors(errors);
        const issue = store.createIssue(
          {
            project: project!.id,
            issueType: issueType!.id,
            summary: edit.summary!,
            description: edit.description ?? null,
            reporter: reporter ?? undefined,
            assignee: edit.assignee ?? null,
            priority: edit.priority,
            labels: edit.labels,
          },
          { by: caller(res).accountId },
        );
        if (Array.isArray(body.properties)) {
          for (const property of body.properties) {
            if (isObject(property) && typeof property.key === 'string') {
              store.setProperty(issue.key, property.key, property.value);
            }
          }
        }
        res.status(201).json({
          id: issue.id,
          key: issue.key,
          self: `${baseUrl(req)}/rest/api/3/issue/${issue.id}`,
        });
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey',
      operation: 'getIssue',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        res.json(
          renderIssue(renderContext(req, store), issue, {
            fields: parseFieldSelection(queryList(req, 'fields'), '*all'),
            ...(queryList(req, 'expand').includes('changelog')
              ? { changelog: EMBEDDED_CHANGELOG_LIMITS.issue }
              : {}),
            properties: queryList(req, 'properties'),
          }),
        );
      },
    },
    {
      method: 'put',
      path: '/rest/api/3/issue/:issueIdOrKey',
      operation: 'editIssue',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const body = jsonObject(req);
        const errors: Record<string, string> = {};
        const edit = readEdit(isObject(body.fields) ? body.fields : {}, errors);
        const comments: unknown[] = [];
        for (const [field, operations] of Object.entries(
          isObject(body.update) ? body.update : {},
        )) {
          for (const operation of Array.isArray(operations) ? operations : []) {
            if (!isObject(operation)) continue;
            if (field === 'comment' && isObject(operation.add)) {
              if (isAdfDocument(operation.add.body)) comments.push(operation.add.body);
              else errors.comment = NOT_ADF;
            } else if (field === 'labels') {
              const labels = new Set(edit.labels ?? issue.labels);
              if (typeof operation.add === 'string') labels.add(operation.add);
              if (typeof operation.remove === 'string') labels.delete(operation.remove);
              if (Array.isArray(operation.set)) {
                labels.clear();
                for (const label of operation.set) labels.add(String(label));
              }
              edit.labels = [...labels];
            } else {
              errors[field] = CANNOT_SET(field);
            }
          }
        }
        if (Object.keys(errors).length > 0) throw fieldErrors(errors);
        const by = caller(res).accountId;
        store.edit(issue.key, edit, { by });
        for (const comment of comments) {
          store.addComment(issue.key, { body: comment as AdfNode }, { by });
        }
        res.status(204).end();
      },
    },
    {
      method: 'delete',
      path: '/rest/api/3/issue/:issueIdOrKey',
      operation: 'deleteIssue',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        // Subtasks are not modelled: `deleteSubtasks` changes nothing, and Jira's 400 for an
        // issue with subtasks (without deleteSubtasks=true) never happens.
        store.deleteIssue(issue.key, { by: caller(res).accountId });
        res.status(204).end();
      },
    },
    {
      method: 'put',
      path: '/rest/api/3/issue/:issueIdOrKey/assignee',
      operation: 'assignIssue',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const body = jsonObject(req);
        if (!('accountId' in body)) throw badRequest('accountId is required (null to unassign).');
        // "-1" asks for the project's default assignee: the sandbox has none.
        const target = body.accountId === null || body.accountId === '-1' ? null : body.accountId;
        const errors: Record<string, string> = {};
        const assignee = target === null ? null : assigneeRef(site, { accountId: target }, errors);
        if (assignee === undefined) throw fieldErrors(errors);
        store.assign(issue.key, assignee, { by: caller(res).accountId });
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey/changelog',
      operation: 'getChangeLogs',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const startAt = queryInteger(req, 'startAt', 0);
        const maxResults = Math.min(
          CHANGELOG_PAGE_LIMIT,
          Math.max(1, queryInteger(req, 'maxResults', CHANGELOG_PAGE_LIMIT)),
        );
        const ctx = renderContext(req, store);
        const values = issue.histories.slice(startAt, startAt + maxResults);
        const total = issue.histories.length;
        const isLast = startAt + values.length >= total;
        const page = `${ctx.base}/rest/api/3/issue/${issue.key}/changelog`;
        res.json({
          self: `${page}?startAt=${startAt}&maxResults=${maxResults}`,
          ...(isLast
            ? {}
            : { nextPage: `${page}?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
          maxResults,
          startAt,
          total,
          isLast,
          values: values.map((history) => renderHistory(ctx, history)),
        });
      },
    },
  ];
}
