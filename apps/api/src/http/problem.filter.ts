import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '#domain';
import { ConcurrencyRetriesExhausted, EventStoreUnavailable, PreconditionFailed, WrongExpectedVersion } from '#event-store';
import { Translator, type Locale, type TextParams } from '#platform';
import { problem, PROBLEM_CONTENT_TYPE, type FieldError, type FieldIssue, type Problem } from './problem.js';

const KIND_STATUS: Record<DomainErrorKind, number> = { not_found: 404, conflict: 409, forbidden: 403, invalid: 400 };

/** Stable codes for the framework's own refusals, so every problem has a `type` clients can branch on. */
const STATUS_CODE: Record<number, string> = {
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};

/** Fastify's refusals we have words for; any other keeps its own code (`HTTP.<code>`) and message. */
const FASTIFY_TEXT: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'HTTP.FST_ERR_CTP_INVALID_JSON_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'HTTP.FST_ERR_CTP_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'HTTP.FST_ERR_CTP_INVALID_MEDIA_TYPE',
};

/** An HTTP error that already knows its field errors (validation). */
export class ValidationProblem extends HttpException {
  constructor(readonly issues: FieldIssue[]) {
    super('The request is not valid', 400);
  }
}

/**
 * An HTTP error with a stable code, for the app layer's own refusals (idempotency, If-Match,
 * a resource not found). Its words come from the catalogue's text for `code`, filled from
 * `params`.
 */
export class CodedHttpError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly params: TextParams = {},
  ) {
    super(code, status);
  }
}

/**
 * Turns anything thrown below into an RFC 9457 problem in the reader's language. The one
 * place where domain and store errors meet HTTP status codes; nothing below the app layer
 * knows about HTTP, and nothing below it chooses words: `title`, `detail` and field messages
 * come from the catalogue by `code` (and by validation rule), while `code`, `status` and
 * `errors[].path` are the same in every language.
 */
export function toProblem(error: unknown, t: Translator, locale: Locale, logger?: Logger): Problem {
  const coded = (
    status: number,
    code: string,
    params: TextParams = {},
    fallbackDetail?: string,
    errors?: (detail: string) => FieldError[],
  ): Problem => {
    const text = t.problem(code, params, locale);
    const title = text?.title ?? t.fallbackTitle(status, locale);
    const detail = text?.detail ?? fallbackDetail ?? title;
    return problem(status, title, detail, { code, ...(errors ? { errors: errors(detail) } : {}) });
  };
  if (error instanceof DomainError) {
    // A field refusal's text may name the field (`{{path}}`) without the decider repeating it.
    const params = error.path === undefined ? error.params : { path: error.path, ...error.params };
    return coded(
      KIND_STATUS[error.kind],
      error.code,
      params,
      undefined,
      error.kind === 'invalid' ? (detail) => [{ path: error.path ?? '', message: detail }] : undefined,
    );
  }
  if (error instanceof PreconditionFailed) return coded(412, error.code, { actual: error.actual, expected: error.expected });
  if (error instanceof ConcurrencyRetriesExhausted || error instanceof WrongExpectedVersion) return coded(409, error.code);
  if (error instanceof EventStoreUnavailable) {
    // Operators need the store's own reason; the client gets a stable code and a retry hint.
    logger?.error(`event store unavailable: ${error.reason}`);
    return coded(503, error.code);
  }
  if (error instanceof ValidationProblem) {
    const errors = error.issues.map((issue) => ({ path: issue.path, message: fieldMessage(issue, t, locale) }));
    return coded(
      400,
      'REQUEST.INVALID',
      {
        summary: t.list(
          errors.map((e) => e.message),
          locale,
        ),
      },
      undefined,
      () => errors,
    );
  }
  if (error instanceof CodedHttpError) return coded(error.getStatus(), error.code, error.params);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
    const original = Array.isArray(message) ? message.join('; ') : String(message);
    if (status === 400) return coded(400, 'REQUEST.INVALID', { summary: original }, undefined, (detail) => [{ path: '', message: detail }]);
    const code = STATUS_CODE[status];
    if (code) return coded(status, code);
    return problem(status, t.fallbackTitle(status, locale), original);
  }
  // Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode.
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const err = error as { code?: string; message?: string };
    const code = err.code ? `HTTP.${err.code}` : 'HTTP.BAD_REQUEST';
    const textCode =
      err.code === undefined && error instanceof SyntaxError
        ? FASTIFY_TEXT.FST_ERR_CTP_INVALID_JSON_BODY!
        : err.code
          ? (FASTIFY_TEXT[err.code] ?? code)
          : code;
    const text = t.problem(textCode, {}, locale);
    const title = text?.title ?? t.fallbackTitle(statusCode, locale);
    const detail = text?.detail ?? err.message ?? title;
    return problem(statusCode, title, detail, { code, ...(statusCode === 400 ? { errors: [{ path: '', message: detail }] } : {}) });
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return coded(500, 'INTERNAL');
}

/** A field issue in words; a rule without text (never expected: a spec checks) keeps its name. */
function fieldMessage(issue: FieldIssue, t: Translator, locale: Locale): string {
  // An enumeration's allowed values are listed with their words in the reader's language.
  const allowed = issue.allowed ? { constraint1: t.enumValues(issue.allowed.enum, issue.allowed.values, locale) } : {};
  return (
    t.fieldMessage(issue.rule, { ...issue.params, ...allowed, field: issue.path }, locale, issue.each) ?? `${issue.path}: ${issue.rule}`
  );
}

/** Sends a problem on a Fastify reply. */
export function sendProblem(reply: FastifyReply, p: Problem): void {
  void reply.status(p.status).header('content-type', PROBLEM_CONTENT_TYPE).send(p);
}

/** Global filter: every error leaves as problem+json, in the language the request asked for. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly t: Translator) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const locale = this.t.negotiate(req?.headers?.['accept-language']);
    const p = toProblem(error, this.t, locale, this.logger);
    p.instance = req?.url;
    // RFC 6750: a 401 names the scheme the client must use.
    if (p.status === 401) void reply.header('www-authenticate', 'Bearer');
    if (p.status === 503) void reply.header('retry-after', '5');
    void reply.header('content-language', locale).header('vary', 'Accept-Language');
    sendProblem(reply, p);
  }
}
