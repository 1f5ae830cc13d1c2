import { formatSize, parseResponseHeaders, previewKind, uploadPercent } from './files.js';

describe('evidence file helpers', () => {
  it('shows a size in bytes below a kilobyte and with one decimal above', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20.0 MB');
    expect(formatSize(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(formatSize(5 * 1024 ** 4)).toBe('5120.0 GB');
    expect(formatSize(-1)).toBe('');
    expect(formatSize(Number.NaN)).toBe('');
  });

  it('previews images, opens PDFs in the browser and downloads anything else', () => {
    expect(previewKind('image/png')).toBe('image');
    expect(previewKind('image/jpeg')).toBe('image');
    expect(previewKind('application/pdf')).toBe('pdf');
    expect(previewKind('application/ofd')).toBe('download');
    expect(previewKind('application/zip')).toBe('download');
  });

  it('counts an upload in whole percent, never past 100', () => {
    expect(uploadPercent(0, 1000)).toBe(0);
    expect(uploadPercent(499, 1000)).toBe(49);
    expect(uploadPercent(1000, 1000)).toBe(100);
    expect(uploadPercent(1200, 1000)).toBe(100);
    expect(uploadPercent(0, 0)).toBe(0);
    expect(uploadPercent(10, 0)).toBe(100);
  });

  it('reads the headers XMLHttpRequest answers, values keeping their colons', () => {
    expect(parseResponseHeaders('content-type: application/json\r\ndate: Mon, 07 Dec 2026 10:00:00 GMT\r\n\r\n')).toEqual([
      ['content-type', 'application/json'],
      ['date', 'Mon, 07 Dec 2026 10:00:00 GMT'],
    ]);
    expect(parseResponseHeaders('')).toEqual([]);
  });
});
