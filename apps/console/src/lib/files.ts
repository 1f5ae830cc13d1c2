/**
 * Pure helpers for evidence files (佐证材料): how a size is shown, how a file is previewed, and the
 * headers of an answer read by XMLHttpRequest (the upload that reports its progress). No Vue here.
 */

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** A size in bytes as people read it: `512 B`, `1.5 KB`, `20.0 MB` (binary multiples, one decimal above bytes). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let n = bytes;
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${n.toFixed(1)} ${UNITS[unit]}`;
}

/** How the console shows a file of this media type: an image inline, a PDF in the browser's viewer, anything else as a download. */
export function previewKind(mediaType: string): 'image' | 'pdf' | 'download' {
  if (/^image\/(png|jpeg|webp|gif)$/i.test(mediaType)) return 'image';
  return /^application\/pdf$/i.test(mediaType) ? 'pdf' : 'download';
}

/** The percentage of an upload sent so far, 0–100 whole (a known total of 0 is complete). */
export function uploadPercent(loaded: number, total: number): number {
  if (total <= 0) return loaded > 0 ? 100 : 0;
  return Math.min(100, Math.floor((loaded / total) * 100));
}

/** The headers of `XMLHttpRequest.getAllResponseHeaders()` (CRLF-separated `name: value` lines) as pairs. */
export function parseResponseHeaders(raw: string): Array<[string, string]> {
  return raw
    .split(/\r?\n/)
    .map((line) => {
      const colon = line.indexOf(':');
      return colon > 0 ? ([line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as [string, string]) : null;
    })
    .filter((pair): pair is [string, string] => pair !== null);
}
