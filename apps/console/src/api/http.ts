import { currentLocale } from '../i18n';
import { ApiProblem } from './problem';

type Query = Record<string, string | number | boolean | undefined | null>;

/** Who the calls are made for; set by the session store, asked before every call. */
let tokenOf: () => string | null = () => null;
/** What happens when the API says the token is no longer good (401). */
let onUnauthorized: () => void = () => undefined;

export function configureHttp(options: { token: () => string | null; unauthorized: () => void }): void {
  tokenOf = options.token;
  onUnauthorized = options.unauthorized;
}

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function headers(json: boolean): Headers {
  const h = new Headers({ accept: 'application/json', 'accept-language': currentLocale() });
  const token = tokenOf();
  if (token) h.set('authorization', `Bearer ${token}`);
  if (json) h.set('content-type', 'application/json');
  return h;
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (res.ok) return body as T;
  if (res.status === 401) onUnauthorized();
  throw ApiProblem.from(res.status, body);
}

/** GET a JSON answer of the API, or throw its problem. */
export async function get<T>(path: string, query?: Query): Promise<T> {
  return answer<T>(await fetch(`${path}${queryString(query)}`, { headers: headers(false) }));
}

/** POST a JSON body (a command), or throw the API's problem. */
export async function post<T>(path: string, body?: unknown): Promise<T> {
  return answer<T>(await fetch(path, { method: 'POST', headers: headers(true), body: JSON.stringify(body ?? {}) }));
}

/** Downloads a file answer (an export) and hands it to the browser under its own name. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await fetch(`${path}${queryString(query)}`, { headers: headers(false) });
  if (!res.ok) return answer(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
