import type { Event } from '../shared/decider.js';
import type { Attachment } from './file.state.js';

/** Bytes were stored and recorded; the first upload, or another uploader of the same bytes. */
export type FileUploaded = Event<'FileUploaded', { file: Attachment; uploadedBy: { id: string; unit?: string }; uploadedAt: string }>;

/** The orphan job removed the bytes of a file nobody cited. */
export type FileRemoved = Event<'FileRemoved', { fileId: string; removedAt: string; reason: 'orphan' }>;

/** Every event of an evidence file. */
export type FileEvent = FileUploaded | FileRemoved;
