import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '#domain';
import { ConcurrencyRetriesExhausted, PreconditionFailed, WrongExpectedVersion } from '#event-store';
import { problem, PROBLEM_CONTENT_TYPE, type FieldError, type Problem } from './problem.js';

const KIND_STATUS: Record<DomainErrorKind, number> = { not_found: 404, conflict: 409, forbidden: 403, invalid: 400 };

/** Stable codes for the framework's own refusals, so every problem has a `type` clients can branch on. */
const STATUS_CODE: Record<number, string> = {
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
};

/** An HTTP error that already knows its field errors (validation). */
export class ValidationProblem extends HttpException {
  constructor(readonly fieldErrors: FieldError[], detail = 'The request is not valid') {
    super(detail, 400);
  }
}

/** An HTTP error with a stable code, for the app layer's own refusals (idempotency, If-Match). */
export class CodedHttpError extends HttpException {
  constructor(status: number, readonly code: string, detail: string) {
    super(detail, status);
  }
}

/**
 * Turns anything thrown below into an RFC 9457 problem. The one place where domain and
 * store errors meet HTTP status codes; nothing below the app layer knows about HTTP.
 */
export function toProblem(error: unknown, logger?: Logger): Problem {
  if (error instanceof DomainError) {
    return problem(KIND_STATUS[error.kind], error.message, {
      code: error.code,
      ...(error.kind === 'invalid' ? { errors: [{ path: error.path ?? '', message: error.message }] } : {}),
    });
  }
  if (error instanceof PreconditionFailed) {
    return problem(412, `The resource is at revision ${error.actual}, not ${error.expected}`, { code: error.code });
  }
  if (error instanceof ConcurrencyRetriesExhausted || error instanceof WrongExpectedVersion) {
    return problem(409, 'The resource changed concurrently; retry the request', { code: error.code });
  }
  if (error instanceof ValidationProblem) {
    return problem(400, error.message, { code: 'REQUEST.INVALID', errors: error.fieldErrors });
  }
  if (error instanceof CodedHttpError) return problem(error.getStatus(), error.message, { code: error.code });
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    return problem(status, detail, status === 400 ? { code: 'REQUEST.INVALID', errors: [{ path: '', message: detail }] } : STATUS_CODE[status] ? { code: STATUS_CODE[status] } : {});
  }
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const err = error as { code?: string; message?: string };
    const code = err.code;
    const detail = code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'The body is not valid JSON' : (err.message ?? 'Bad request');
    return problem(statusCode, detail, { code: code ? `HTTP.${code}` : 'HTTP.BAD_REQUEST', ...(statusCode === 400 ? { errors: [{ path: '', message: detail }] } : {}) });
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return problem(500, 'An unexpected error occurred', { code: 'INTERNAL' });
}

/** Sends a problem on a Fastify reply. */
export function sendProblem(reply: FastifyReply, p: Problem): void {
  void reply.status(p.status).header('content-type', PROBLEM_CONTENT_TYPE).send(p);
}

/** Global filter: every error leaves as problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const p = toProblem(error, this.logger);
    p.instance = req?.url;
    // RFC 6750: a 401 names the scheme the client must use.
    if (p.status === 401) void reply.header('www-authenticate', 'Bearer');
    sendProblem(reply, p);
  }
}
