import type { Command } from '../shared/decider.js';
import type { Attachment } from './file.state.js';

/** Record bytes just stored under their content address (the uploader is the command's actor). */
export type UploadFile = Command<'UploadFile', { file: Attachment }>;

/**
 * Remove a file nobody cites once it has been kept long enough (the orphan job). `citations`
 * is how many events cite it now and `uploadedBefore` the newest upload the job judged old
 * enough: both read by the job, so a citation or an upload since then refuses the removal.
 */
export type RemoveOrphanFile = Command<'RemoveOrphanFile', { fileId: string; citations: number; uploadedBefore: string }>;

/** Every command of an evidence file. */
export type FileCommand = UploadFile | RemoveOrphanFile;
