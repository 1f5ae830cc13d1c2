import { parseResponseHeaders } from '../lib/files';

/** How far an upload has gone: bytes sent of the request body's total. */
export type UploadProgress = (loaded: number, total: number) => void;

/**
 * A `fetch` for the generated client that reports how much of the request body has been sent:
 * `fetch` itself tells nothing of an upload's progress, XMLHttpRequest does. The client builds the
 * request (path, token, language, multipart body) as for any call; this only carries it.
 */
export function fetchWithUploadProgress(onProgress: UploadProgress): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = request.body ? await request.blob() : null;
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      // The browser refuses to let a page set a few headers (Content-Length...): it sets them itself.
      request.headers.forEach((value, name) => {
        if (name !== 'content-length') xhr.setRequestHeader(name, value);
      });
      xhr.responseType = 'blob';
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : (body?.size ?? 0));
      xhr.onload = () => {
        const empty = xhr.status === 204 || xhr.status === 304;
        resolve(
          new Response(empty ? null : (xhr.response as Blob), {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: parseResponseHeaders(xhr.getAllResponseHeaders()),
          }),
        );
      };
      xhr.onerror = () => reject(new TypeError('Network request failed'));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
      request.signal.addEventListener('abort', () => xhr.abort());
      xhr.send(body);
    });
  };
}
