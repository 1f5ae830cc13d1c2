import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type ExcelJSModule from 'exceljs';

/** The two export formats: a spreadsheet (default) or CSV in UTF-8 with a BOM. */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
/** One export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One column of an export: its Chinese heading, width in characters, and how a row fills it. */
export interface ExportColumn<Row> {
  header: string;
  width: number;
  value(row: Row): string | number | null;
}

/** The shape of an export: sheet name and columns. */
export interface ExportTable<Row> {
  sheet: string;
  columns: ExportColumn<Row>[];
}

/** MIME type of each format. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A sink that accepts rows and ends the file; every `add` waits while the reader is behind. */
interface RowSink<Row> {
  add(row: Row): Promise<void>;
  end(): Promise<void>;
}

/** Waits until `out` has room again, so rows are produced only as fast as they are read. */
async function roomIn(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, 'drain');
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvSink<Row>(table: ExportTable<Row>, out: Writable): RowSink<Row> {
  // The BOM makes spreadsheet programs read the file as UTF-8 (Chinese text) without asking.
  out.write(`\uFEFF${table.columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
  return {
    async add(row) {
      out.write(`${table.columns.map((c) => csvCell(c.value(row))).join(',')}\r\n`);
      await roomIn(out);
    },
    async end() {
      out.end();
    },
  };
}

/**
 * exceljs, imported on the first spreadsheet export: with its zip and stream dependencies it is
 * about 670 CommonJS modules, a third of what the API loads, and most processes never export.
 */
let excel: Promise<typeof ExcelJSModule> | undefined;
const loadExcel = (): Promise<typeof ExcelJSModule> => (excel ??= import('exceljs').then((m) => m.default));

async function xlsxSink<Row>(table: ExportTable<Row>, out: Writable): Promise<RowSink<Row>> {
  const ExcelJS = await loadExcel();
  // Streaming writer without shared strings: each committed row is written out and forgotten,
  // so memory does not grow with the number of rows.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.columns = table.columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
  // exceljs writes the sheet's XML into the zip entry without heeding back-pressure (its
  // buffer always accepts), so rows would pile up in front of the compressor when they come
  // faster than it deflates (a 100,000-row export grew by 150 MB that way). So the producer
  // yields to the event loop every few rows (deflate and the reply progress in between) and
  // waits while the entry's input stream (exceljs 4's `stream.pipes[0]`) holds more than a
  // few chunks; without that stream (another exceljs layout) only the output is watched.
  const entryBacklog = (): number => {
    const entry = (
      sheet as unknown as { stream?: { pipes?: Array<{ _readableState?: { length: number }; _writableState?: { length: number } }> } }
    ).stream?.pipes?.[0];
    return (entry?._readableState?.length ?? 0) + (entry?._writableState?.length ?? 0);
  };
  let pending = 0;
  return {
    async add(row) {
      sheet.addRow(table.columns.map((c) => c.value(row))).commit();
      if (++pending < 20) return;
      pending = 0;
      do await new Promise<void>((resolve) => setImmediate(resolve));
      while (entryBacklog() > 256 * 1024);
      await roomIn(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * Writes `rows` as `format` into a new stream and returns it at once, for the HTTP reply to
 * send while it is being written. Rows are pulled from the iterable only while the reader
 * keeps up (back-pressure), so a 100,000-row export holds a page of rows at a time. An error
 * while producing rows destroys the stream (the client sees a cut-off download, never a
 * file that looks complete).
 */
export function exportTable<Row>(
  table: ExportTable<Row>,
  format: ExportFormat,
  rows: AsyncIterable<Row> | Iterable<Row>,
  out: PassThrough = new PassThrough(),
): PassThrough {
  void (async () => {
    const sink = format === 'csv' ? csvSink(table, out) : await xlsxSink(table, out);
    for await (const row of rows) await sink.add(row);
    await sink.end();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

/** `Content-Disposition` for a download named in Chinese (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(baseName: string, asciiName: string, format: ExportFormat): string {
  return `attachment; filename="${asciiName}.${format}"; filename*=UTF-8''${encodeURIComponent(`${baseName}.${format}`)}`;
}
