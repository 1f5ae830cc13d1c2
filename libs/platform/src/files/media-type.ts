import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes content sniffing reads: enough for every signature below and an OFD's first ZIP entries. */
export const SNIFF_BYTES = 64 * 1024;

/** What file-type names → the media type kept, for the types API.md accepts. */
const ACCEPTED: Readonly<Record<string, string>> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/webp': 'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/zip': 'application/zip',
};

/**
 * DOC, XLS and WPS are all OLE compound files (file-type's `cfb`): the bytes say "compound
 * file", the name says which; any other name keeps the generic type.
 */
const COMPOUND_BY_EXTENSION: Readonly<Record<string, string>> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  wps: 'application/vnd.ms-works',
  et: 'application/vnd.ms-excel',
};
const COMPOUND = 'application/x-cfb';

/** OFD (GB/T 33190) is a ZIP package whose root holds `OFD.xml`. */
export const OFD_MEDIA_TYPE = 'application/ofd';

/**
 * Whether the ZIP whose first bytes are `head` has an entry `OFD.xml`, walking its local file
 * headers as far as `head` reaches (an OFD package's entry file comes first in practice; a
 * package whose entry lies further is judged a plain ZIP, which is accepted too).
 */
export function zipHasOfdEntry(head: Buffer): boolean {
  let at = 0;
  while (at + 30 <= head.length && head.readUInt32LE(at) === 0x04034b50) {
    const flags = head.readUInt16LE(at + 6);
    const compressed = head.readUInt32LE(at + 18);
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    const name = head.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    if (name === 'OFD.xml') return true;
    // With a data descriptor (bit 3) the size comes after the data: the walk cannot go on.
    if (flags & 0x08) return false;
    at += 30 + nameLength + extraLength + compressed;
  }
  return false;
}

/**
 * The media type of a file judged by its bytes (`head`: its first {@link SNIFF_BYTES}), or null
 * when it is not a type API.md accepts: PDF, OFD, JPEG, PNG, WebP, DOC/DOCX, XLS/XLSX, WPS, ZIP.
 * The name only tells apart the kinds of compound file; it never makes bytes acceptable.
 */
export async function sniffMediaType(head: Buffer, name: string): Promise<string | null> {
  const found = await fileTypeFromBuffer(head);
  if (!found) return null;
  if (found.mime === 'application/zip' && zipHasOfdEntry(head)) return OFD_MEDIA_TYPE;
  if (found.mime === COMPOUND) {
    const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    return COMPOUND_BY_EXTENSION[extension] ?? COMPOUND;
  }
  return ACCEPTED[found.mime] ?? null;
}
