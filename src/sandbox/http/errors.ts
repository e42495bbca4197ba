import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

/** Jira's ErrorCollection: messages about the request, and errors by field. */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** An error answered with Jira's status code and error shape. */
export class JiraHttpError extends Error {
  readonly status: number;
  readonly body: ErrorCollection;

  constructor(status: number, messages: string[], errors: Record<string, string> = {}) {
    super(messages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
    this.name = 'JiraHttpError';
    this.status = status;
    this.body = { errorMessages: messages, errors };
  }
}

export const badRequest = (message: string) => new JiraHttpError(400, [message]);
export const fieldErrors = (errors: Record<string, string>) => new JiraHttpError(400, [], errors);

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export function sendError(res: Response, error: JiraHttpError): void {
  res.status(error.status).json(error.body);
}

/** Unknown paths answer like Jira's REST layer, in its error shape. */
export const notFound: RequestHandler = (req, res) => {
  sendError(res, new JiraHttpError(404, [`null for uri: ${req.originalUrl}`]));
};

/** The last middleware: Jira's error shape for everything, including malformed JSON. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof JiraHttpError) {
    sendError(res, error);
    return;
  }
  const bodyError = error as { type?: string; status?: number; message?: string };
  if (bodyError.type === 'entity.parse.failed') {
    sendError(res, badRequest(`Unexpected character in the JSON body: ${bodyError.message ?? ''}`));
  } else if (bodyError.type === 'entity.too.large') {
    sendError(res, new JiraHttpError(413, ['The request body is too large.']));
  } else {
    sendError(
      res,
      new JiraHttpError(500, [
        `Internal server error: ${(error as Error)?.message ?? String(error)}`,
      ]),
    );
  }
};

/** JSM's REST API answers errors in its own shape, not Jira's ErrorCollection. */
export function sendJsmError(res: Response, status: number, message: string): void {
  res.status(status).json({
    errorMessage: message,
    i18nErrorMessage: { i18nKey: 'sd.sandbox.error', parameters: [] },
  });
}
