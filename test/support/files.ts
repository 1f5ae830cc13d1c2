import type { TestApp } from './test-app.js';

/** A `multipart/form-data` body with one part `field` holding `bytes` under `name`. */
export function multipartBody(name: string, bytes: Buffer, field = 'file'): { payload: Buffer; contentType: string } {
  const boundary = `----reform${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename*=UTF-8''${encodeURIComponent(name)}; ` +
      `filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8',
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** `POST /files` with one file, as a browser's form would send it. */
export async function uploadFile(
  t: TestApp,
  token: string,
  name: string,
  bytes: Buffer,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read by field, as the e2e specs do
): Promise<{ status: number; body: any; text: string }> {
  const { payload, contentType } = multipartBody(name, bytes);
  const res = await t.app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'POST',
      url: '/files',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      payload,
    });
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // not JSON
  }
  return { status: res.statusCode, body, text: res.body };
}

/** `GET` of a file's bytes (raw, not parsed), with optional headers. */
export async function readFile(t: TestApp, token: string, url: string, headers: Record<string, string> = {}) {
  const res = await t.app
    .getHttpAdapter()
    .getInstance()
    .inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: res.statusCode, bytes: res.rawPayload, headers: res.headers };
}
