// Answers of the file routes; their OpenAPI schemas are generated from these types (npm run api-client).

/** API.md's answer for a file: its record. */
export interface FileView {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  sm3: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** `GET /files/:id/meta`: the record and every event citing the file. */
export interface FileMetaView extends FileView {
  citedBy: Array<{ stream: string; revision: number }>;
}
