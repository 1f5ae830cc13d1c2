import { createApiClient, type ApiClient } from '#api-client';
import { currentLocale } from '../i18n';
import { ApiProblem } from './problem';

/** Who the calls are made for; set by the session store, asked before every call. */
let tokenOf: () => string | null = () => null;
/** What happens when the API says the token is no longer good (401). */
let onUnauthorized: () => void = () => undefined;

export function configureHttp(options: { token: () => string | null; unauthorized: () => void }): void {
  tokenOf = options.token;
  onUnauthorized = options.unauthorized;
}

/**
 * The generated, typed client of the API (libs/api-client): every path, parameter and body is
 * checked against the OpenAPI document the API serves. Problem texts come in the language the
 * person chose.
 */
export const client: ApiClient = createApiClient({ baseUrl: location.origin, token: () => tokenOf() ?? undefined });
client.use({
  onRequest({ request }) {
    request.headers.set('accept-language', currentLocale());
    return request;
  },
});

/** An answer of the client: its data, or the API's problem thrown (a 401 first signs the person out). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  if (response.status === 401) onUnauthorized();
  throw ApiProblem.from(response.status, error);
}

/** Hands a file answer (an export) to the browser under the name the API gave it. */
export async function saveFile(call: Promise<{ data?: Blob; error?: unknown; response: Response }>, fallbackName: string): Promise<void> {
  const { response } = await call;
  const blob = await unwrap(call);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
