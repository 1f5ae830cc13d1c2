import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** The typed client of the Reform Ledger API: `client.GET('/tasks/{id}', { params: { path: { id } } })`. */
export type ApiClient = Client<paths, 'application/json'>;

/** A schema of the document by name: `ApiSchema<'TaskLedgerItem'>`. */
export type ApiSchema<K extends keyof components['schemas']> = components['schemas'][K];

/** The RFC 9457 problem every error answer carries (`application/problem+json`). */
export interface ApiProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: Array<{ path: string; message: string }>;
  instance?: string;
}

export interface ApiClientOptions {
  /** Where the API listens, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Bearer token sent on every request, or a function asked before each one (a token that is refreshed). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** `Accept-Language` of every request (problem texts are Chinese by default). */
  language?: string;
  /** A `fetch` of your own (tests, a proxy agent); the global one by default. */
  fetch?: typeof fetch;
}

/**
 * A thin `openapi-fetch` client over the generated types: every path, parameter, body and answer
 * is typed from the OpenAPI document the API serves. Answers come back as `{ data, error, response }`;
 * `error` is the problem document of a 4xx/5xx.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const headers: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      if (options.language) request.headers.set('accept-language', options.language);
      return request;
    },
  };
  client.use(headers);
  return client;
}
