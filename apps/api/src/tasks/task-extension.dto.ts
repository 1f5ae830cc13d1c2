import { Attachments, DueDate, FreeText, OptionalDueDate, OptionalFreeText } from '../http/validators.js';

/** `POST /tasks/:id/extension-requests` (延期申请). */
export class RequestExtensionDto {
  @DueDate('The deadline asked: later than the one in force')
  deadline: string;

  @FreeText(2000)
  reason: string;

  @Attachments()
  attachments?: string[];
}

/** `POST /tasks/:id/extension-requests/:requestId/approve`. */
export class ApproveExtensionDto {
  @OptionalFreeText(2000)
  comment?: string;

  @OptionalDueDate('Grant less than asked: later than the deadline in force, not later than the one asked (default: as asked)')
  deadline?: string;
}

/** `POST /tasks/:id/extension-requests/:requestId/reject`. */
export class RejectExtensionDto {
  @FreeText(2000)
  reason: string;
}
