import { isAdfDocument } from '../adf.ts';
import type { Visibility } from '../model.ts';
import { renderComment, type CommentOptions } from '../render.ts';
import type { SandboxStore } from '../store.ts';
import { badRequest, fieldErrors, JiraHttpError } from './errors.ts';
import { caller, isObject, jsonObject, queryInteger, queryList, queryString } from './request.ts';
import { NOT_ADF, pathIssue, renderContext, type Route } from './route.ts';

const COMMENT_PAGE_LIMIT = 5000;

/** Jira's 404 for a comment the issue does not have (Jira's own REST tests quote it, period included). */
const noComment = (id: string) =>
  new JiraHttpError(404, [`Can not find a comment for the id: ${id}.`]);

function commentOptions(expand: string[]): CommentOptions {
  return {
    properties: expand.includes('properties'),
    renderedBody: expand.includes('renderedBody'),
  };
}

export function commentRoutes(store: SandboxStore): Route[] {
  return [
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey/comment',
      operation: 'getComments',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const startAt = queryInteger(req, 'startAt', 0);
        const maxResults = Math.min(COMMENT_PAGE_LIMIT, queryInteger(req, 'maxResults', 100));
        const orderBy = queryString(req, 'orderBy');
        if (orderBy !== undefined && !['created', '+created', '-created'].includes(orderBy)) {
          throw badRequest(`Invalid orderBy '${orderBy}': use created or -created.`);
        }
        const ordered = orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
        const ctx = renderContext(req, store);
        const options = commentOptions(queryList(req, 'expand'));
        res.json({
          startAt,
          maxResults,
          total: issue.comments.length,
          comments: ordered
            .slice(startAt, startAt + maxResults)
            .map((comment) => renderComment(ctx, comment, options)),
        });
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/issue/:issueIdOrKey/comment/:id',
      operation: 'getComment',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const comment = issue.comments.find((c) => c.id === req.params.id);
        if (!comment) throw noComment(String(req.params.id));
        res.json(
          renderComment(
            renderContext(req, store),
            comment,
            commentOptions(queryList(req, 'expand')),
          ),
        );
      },
    },
    {
      method: 'delete',
      path: '/rest/api/3/issue/:issueIdOrKey/comment/:id',
      operation: 'deleteComment',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const id = String(req.params.id);
        const comment = issue.comments.find((c) => c.id === id);
        if (!comment) throw noComment(id);
        // "Delete own comments" for everyone, "Delete all comments" for admins (the project's
        // Administrators role in Jira's default scheme). The description answers 400, not 403.
        const user = caller(res);
        if (comment.authorId !== user.accountId && !user.siteAdmin) {
          throw badRequest(`You do not have permission to delete comment with id: ${id}`);
        }
        store.deleteComment(issue.key, id, { by: user.accountId });
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/rest/api/3/issue/:issueIdOrKey/comment',
      operation: 'addComment',
      handler: (req, res) => {
        const issue = pathIssue(req, store);
        const body = jsonObject(req);
        if (body.body === undefined || body.body === null) {
          throw fieldErrors({ comment: 'Comment body can not be empty!' });
        }
        if (!isAdfDocument(body.body)) throw fieldErrors({ comment: NOT_ADF });
        let visibility: Visibility | null = null;
        if (body.visibility !== undefined && body.visibility !== null) {
          const v = body.visibility;
          if (
            !isObject(v) ||
            (v.type !== 'group' && v.type !== 'role') ||
            (typeof v.value !== 'string' && typeof v.identifier !== 'string')
          ) {
            throw fieldErrors({
              commentLevel: 'Visibility needs a type (group or role) and a value.',
            });
          }
          visibility = {
            type: v.type,
            ...(typeof v.value === 'string' ? { value: v.value } : {}),
            ...(typeof v.identifier === 'string' ? { identifier: v.identifier } : {}),
          };
        }
        const properties: Array<{ key: string; value: unknown }> = [];
        for (const property of Array.isArray(body.properties) ? body.properties : []) {
          if (!isObject(property) || typeof property.key !== 'string' || property.key === '') {
            throw badRequest('Each comment property needs a key and a value.');
          }
          properties.push({ key: property.key, value: property.value });
        }
        const comment = store.addComment(
          issue.key,
          { body: body.body, visibility, properties },
          { by: caller(res).accountId },
        );
        res
          .status(201)
          .json(
            renderComment(
              renderContext(req, store),
              comment,
              commentOptions(queryList(req, 'expand')),
            ),
          );
      },
    },
  ];
}
