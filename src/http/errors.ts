// Errors in the shapes FastAPI sends: {"detail": "..."} or {"detail": [pydantic issues]}.
import type { ValidationIssue } from '../contract/pydantic.js';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body !== null && 'detail' in body ? JSON.stringify((body as { detail: unknown }).detail) : `HTTP ${statusCode}`);
  }
}

export const detailError = (statusCode: number, detail: string): ApiError => new ApiError(statusCode, { detail });

export const validationError = (issues: ValidationIssue[]): ApiError => new ApiError(422, { detail: issues });

export const sessionNotFound = (): ApiError => detailError(404, 'Session not found');

/** A 422 with one pydantic `value_error` issue: what a model validator raising ValueError produces. */
export const valueError = (loc: (string | number)[], input: unknown, message: string): ApiError =>
  validationError([{ type: 'value_error', loc, msg: `Value error, ${message}`, input, ctx: { error: {} } }]);
