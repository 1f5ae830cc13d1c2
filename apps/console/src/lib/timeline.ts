import { formatDue } from './format';

/** The details of a task event worth a line in its timeline, besides what happened and who did it. */
export function eventDetails(type: string, data: Record<string, unknown>): string[] {
  const s = (k: string) => (typeof data[k] === 'string' && data[k] !== '' ? (data[k] as string) : null);
  const out: Array<string | null> = [];
  // A deadline given as a day reads as that day, an instant in the display zone (not the stored UTC text).
  const due = () => (s('deadline') ? formatDue(s('deadline'), s('deadlineDate')) : null);
  switch (type) {
    case 'TaskRegistered':
      out.push(s('title'));
      break;
    case 'TaskProgressReported':
      out.push(typeof data['percent'] === 'number' ? `${data['percent']}%` : null, s('note'));
      break;
    case 'TaskMilestoneCompleted':
      out.push(s('milestoneTitle') ?? s('milestoneId'), s('note'));
      break;
    case 'TaskDeadlineChanged':
    case 'TaskExtensionRequested':
      out.push(due(), s('reason'));
      break;
    case 'TaskExtensionApproved':
      out.push(due(), s('comment'));
      break;
    case 'TaskCompletionSubmitted':
      out.push(s('evidence'));
      break;
    case 'TaskAccepted':
      out.push(s('comment'));
      break;
    case 'TaskReturned':
    case 'TaskCancelled':
      out.push(s('reason'));
      break;
    case 'TaskSubtaskDispatched':
      out.push(s('leadUnit'), s('title'));
      break;
    case 'TaskAcknowledged':
      out.push(s('note'));
      break;
    case 'UrgingNumbered':
      out.push(s('label'));
      break;
    case 'TaskDocumentAdded':
      out.push(s('title'), s('docNumber'));
      break;
    default:
      out.push(s('note'), s('reason'), s('text'));
  }
  return out.filter((x): x is string => x !== null);
}
