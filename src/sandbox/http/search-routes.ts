import type { Request, Response } from 'express';
import { compileJql } from '../jql/compile.ts';
import { JqlError, parseJql } from '../jql/parse.ts';
import { EMBEDDED_CHANGELOG_LIMITS, parseFieldSelection, renderIssue } from '../render.ts';
import { InvalidPageToken, queryFingerprint, searchPage } from '../search.ts';
import type { Issue } from '../model.ts';
import type { SandboxStore } from '../store.ts';
import { badRequest, JiraHttpError } from './errors.ts';
import { integer, jsonObject, queryList, queryString } from './request.ts';
import { renderContext, type Route } from './route.ts';

/** Page sizes: Jira serves the most issues per page when only ids are asked for. */
export const SEARCH_LIMITS = { default: 50, idsOnly: 5000, withFields: 100 };

interface SearchParameters {
  jql: string;
  nextPageToken?: string;
  maxResults?: number;
  fields: string[];
  expand: string[];
  properties: string[];
  /** issue ids read as they are now, not as the lagging search index holds them */
  reconcileIssues: number[];
}

/** Jira accepts at most this many ids in `reconcileIssues`. */
const RECONCILE_LIMIT = 50;

/**
 * With the changelog expanded, a page holds at most this many embedded histories (each issue
 * counts its histories, at least one): Jira returns fewer issues per page when they carry more.
 */
export const CHANGELOG_PAGE_BUDGET = 400;

/** Jira's JQL error shape; the prefix is what Jira writes before a parse error. */
export function jqlError(message: string): JiraHttpError {
  return new JiraHttpError(400, [`Error in the JQL Query: ${message}`]);
}

const REMOVED_SEARCH =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. ' +
  'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

export function searchRoutes(store: SandboxStore): Route[] {
  const search = (req: Request, res: Response, params: SearchParameters) => {
    let compiled;
    try {
      compiled = compileJql(parseJql(params.jql), store);
    } catch (error) {
      if (error instanceof JqlError) throw jqlError(error.message);
      throw error;
    }
    if (!compiled.bounded) {
      throw badRequest(
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      );
    }
    if (params.reconcileIssues.length > RECONCILE_LIMIT) {
      throw badRequest(`'reconcileIssues' accepts at most ${RECONCILE_LIMIT} issue ids.`);
    }
    const fields = parseFieldSelection(params.fields, 'id');
    const changelog = params.expand.includes('changelog');
    const identifiersOnly =
      fields.idOnly ||
      (fields.base === 'none' && [...fields.include].every((f) => f === 'key' || f === 'id'));
    const lean = identifiersOnly && !changelog && params.properties.length === 0;
    const cap = lean ? SEARCH_LIMITS.idsOnly : SEARCH_LIMITS.withFields;
    const maxResults = Math.min(cap, Math.max(1, params.maxResults ?? SEARCH_LIMITS.default));
    const view = store.searchLag.view(
      store.index,
      (id) => store.issue(id),
      new Set(params.reconcileIssues.map(String)),
    );
    const embedded = EMBEDDED_CHANGELOG_LIMITS.search;
    const limit = changelog
      ? {
          maxResults,
          weight: (issue: Issue) => Math.max(1, Math.min(embedded, issue.histories.length)),
          budget: CHANGELOG_PAGE_BUDGET,
        }
      : { maxResults };
    let page;
    try {
      page = searchPage(
        store,
        view,
        compiled,
        queryFingerprint(params.jql),
        limit,
        params.nextPageToken,
      );
    } catch (error) {
      if (error instanceof InvalidPageToken) throw badRequest(error.message);
      throw error;
    }
    const ctx = renderContext(req, store);
    res.json({
      issues: page.issues.map((issue) =>
        renderIssue(ctx, issue, {
          fields,
          properties: params.properties,
          ...(changelog ? { changelog: EMBEDDED_CHANGELOG_LIMITS.search } : {}),
        }),
      ),
      ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
      isLast: page.nextPageToken === undefined,
    });
  };

  const gone = (_req: Request, res: Response) => {
    res.status(410).json({ errorMessages: [REMOVED_SEARCH], errors: {} });
  };

  return [
    {
      method: 'get',
      path: '/rest/api/3/search/jql',
      operation: 'searchAndReconsileIssuesUsingJql',
      handler: (req, res) => {
        const maxResults = queryString(req, 'maxResults');
        search(req, res, {
          jql: queryString(req, 'jql') ?? '',
          nextPageToken: queryString(req, 'nextPageToken') || undefined,
          maxResults: maxResults === undefined ? undefined : integer(maxResults, 'maxResults'),
          fields: queryList(req, 'fields'),
          expand: queryList(req, 'expand'),
          properties: queryList(req, 'properties'),
          reconcileIssues: queryList(req, 'reconcileIssues').map((id) =>
            integer(id, 'reconcileIssues'),
          ),
        });
      },
    },
    {
      method: 'post',
      path: '/rest/api/3/search/jql',
      operation: 'searchAndReconsileIssuesUsingJqlPost',
      handler: (req, res) => {
        const body = jsonObject(req);
        const strings = (value: unknown, name: string): string[] => {
          if (value === undefined || value === null) return [];
          if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
          throw badRequest(`'${name}' must be a list of strings.`);
        };
        const ids = (value: unknown): number[] => {
          if (value === undefined || value === null) return [];
          if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))) return value;
          throw badRequest("'reconcileIssues' must be a list of issue ids (integers).");
        };
        if (body.jql !== undefined && typeof body.jql !== 'string')
          throw badRequest("'jql' must be a string.");
        if (body.expand !== undefined && typeof body.expand !== 'string') {
          throw badRequest("'expand' must be a comma-separated string.");
        }
        if (
          body.nextPageToken !== undefined &&
          body.nextPageToken !== null &&
          typeof body.nextPageToken !== 'string'
        ) {
          throw badRequest("'nextPageToken' must be a string.");
        }
        search(req, res, {
          jql: (body.jql as string | undefined) ?? '',
          nextPageToken: (body.nextPageToken as string | null | undefined) || undefined,
          maxResults:
            body.maxResults === undefined ? undefined : integer(body.maxResults, 'maxResults'),
          fields: strings(body.fields, 'fields'),
          expand: ((body.expand as string | undefined) ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          properties: strings(body.properties, 'properties'),
          reconcileIssues: ids(body.reconcileIssues),
        });
      },
    },
    {
      method: 'get',
      path: '/rest/api/3/search',
      operation: 'searchForIssuesUsingJql',
      handler: gone,
    },
    {
      method: 'post',
      path: '/rest/api/3/search',
      operation: 'searchForIssuesUsingJqlPost',
      handler: gone,
    },
  ];
}
