import { assertNever, type Decider } from '../shared/decider.js';
import { refuse } from '../shared/domain-error.js';
import type { FileCommand, RemoveOrphanFile, UploadFile } from './file.commands.js';
import { FileErrors } from './file.errors.js';
import type { FileEvent } from './file.events.js';
import { isFileKept, type FileState } from './file.state.js';

/** Nothing uploaded yet. */
export function initialFileState(): FileState {
  return null;
}

/** Folds one file event; total, like every fold. */
export function evolveFile(state: FileState, event: FileEvent): FileState {
  switch (event.type) {
    case 'FileUploaded': {
      const { file, uploadedBy, uploadedAt } = event.data;
      const uploader = { ...uploadedBy, at: uploadedAt };
      // After a removal the bytes start a new life: its earlier uploaders no longer vouch for it.
      if (!isFileKept(state)) return { file, uploaders: [uploader], uploadedAt };
      return { ...state, uploaders: [...state.uploaders.filter((u) => u.id !== uploadedBy.id), uploader] };
    }
    case 'FileRemoved':
      return state === null ? state : { ...state, removedAt: event.data.removedAt };
    default:
      return assertNever(event, 'file event');
  }
}

/** Decides a file command. Uploading is open to every writer (the route's roles); removal is the orphan job's. */
function decideFile(command: FileCommand, state: FileState): FileEvent[] {
  switch (command.type) {
    case 'UploadFile':
      return upload(command, state);
    case 'RemoveOrphanFile':
      return removeOrphan(command, state);
    default:
      return assertNever(command, 'file command');
  }
}

function upload(command: UploadFile, state: FileState): FileEvent[] {
  const { actor, now } = command.metadata;
  // The same bytes from the same uploader again: already recorded, nothing new to say.
  if (isFileKept(state) && state.uploaders.some((u) => u.id === actor.id)) return [];
  const uploadedBy = { id: actor.id, ...(actor.unit !== undefined ? { unit: actor.unit } : {}) };
  // The first upload's name stays the file's name; later uploaders are recorded beside it.
  const file = isFileKept(state) ? state.file : command.data.file;
  return [{ type: 'FileUploaded', data: { file, uploadedBy, uploadedAt: now } }];
}

function removeOrphan(command: RemoveOrphanFile, state: FileState): FileEvent[] {
  const { fileId, citations, uploadedBefore } = command.data;
  if (!isFileKept(state)) throw refuse.notFound(FileErrors.NOT_FOUND, `no file ${fileId}`, { fileId });
  if (citations > 0) throw refuse.conflict(FileErrors.CITED, `${fileId} is cited ${citations} times`, { fileId, citations });
  const newest = state.uploaders.reduce((max, u) => (u.at > max ? u.at : max), state.uploadedAt);
  if (newest > uploadedBefore)
    throw refuse.conflict(FileErrors.RECENTLY_UPLOADED, `${fileId} was uploaded at ${newest}`, { fileId, uploadedAt: newest });
  return [{ type: 'FileRemoved', data: { fileId, removedAt: command.metadata.now, reason: 'orphan' } }];
}

/** The evidence file aggregate (`file-<hex>`), one per distinct content. */
export const fileDecider: Decider<FileCommand, FileEvent, FileState> = {
  initialState: initialFileState,
  evolve: evolveFile,
  decide: decideFile,
};
