import { mayReadEvaluation } from '../evaluation/evaluation.decider.js';
import { canReadFinding } from './inspection.access.js';
import { canReadActionItem } from './meeting.access.js';
import type { Role } from '../shared/decider.js';
import { canReadMatter } from './matter.access.js';
import { canReadInstruction } from './instruction.access.js';
import { canReadUrging } from './urging.access.js';
import type { InstructedSubject } from '../instruction/instruction.commands.js';
import type { Reader } from './reader.js';
import { canReadTask, ledgerScope } from './task.access.js';

/**
 * Who may be reading the group chat a robot posts a reminder to, as the route that chose the
 * robot says (NOTIFY_ROUTES_FILE): the reminder's own recipient (a route keyed by the recipient,
 * a person or a unit's inbox); the users of a unit (a route `unit:<code>` of the unit whose work
 * it chases, or of an ancestor of it); or, for `*` and the default robots, users of the roles the
 * deployment says read those chats (`NOTIFY_DEFAULT_ROBOT_READERS`; none: anyone at all).
 */
export type RobotAudience = { kind: 'recipient' } | { kind: 'unit'; unit: string } | { kind: 'roles'; roles: readonly Role[] };

/** What a reminder is about, with the facts its reading rule needs. */
export type ReminderReadFacts =
  | { kind: 'task' }
  | { kind: 'matter' }
  | { kind: 'item'; ownerUnit: string }
  | { kind: 'finding'; responsibleUnit: string; targetUnit: string }
  | { kind: 'evaluation'; evaluatorUnit: string }
  | { kind: 'urging'; leadUnit: string }
  | { kind: 'instruction'; subject: Pick<InstructedSubject, 'kind' | 'unit'> };

/** Whether one reader may read what the reminder is about, as the `canRead…` of its kind says. */
function reads(member: Reader, about: ReminderReadFacts): boolean {
  // A member stands for no user in particular: owning an item or signing a matter is personal.
  const nobody = '\u0000';
  switch (about.kind) {
    case 'task':
      // A task's own id and units matter only to an evaluator, who reads no group's reminders of tasks.
      return canReadTask(ledgerScope(member, []), { id: nobody, leadUnit: nobody, specialGroup: nobody });
    case 'matter':
      return canReadMatter(member, { submittedBy: nobody, signers: [] });
    case 'item':
      return canReadActionItem(member, { owner: nobody, ownerUnit: about.ownerUnit });
    case 'finding':
      return canReadFinding(member, { responsibleUnit: about.responsibleUnit }, { targetUnit: about.targetUnit });
    case 'evaluation':
      return mayReadEvaluation(member, { evaluatorUnit: about.evaluatorUnit });
    case 'urging':
      return canReadUrging(member, { leadUnit: about.leadUnit });
    case 'instruction':
      return canReadInstruction(member, { subject: about.subject });
  }
}

/**
 * `true` when a group robot may name what the reminder is about (its title, its text): when
 * every reader of the chat may read it. The reminder's own recipient may (reminders go to the
 * people who act on the record). A unit's chat is read by that unit's users in the role the
 * reminder addresses (a department; for an evaluation, the organisation's evaluators), none of
 * them in particular, so a countersign matter, read only by its submitter and signers, is never
 * named there, and a district's chat is not told about a street's finding. A chat of `*` or of
 * the default robots names what every role of `NOTIFY_DEFAULT_ROBOT_READERS` reads (no role
 * there: anyone, so nothing). Otherwise the robot posts only that a reminder waits, with its
 * reference; the words stay in the inbox of those who may read them.
 */
export function robotMayName(audience: RobotAudience, about: ReminderReadFacts): boolean {
  switch (audience.kind) {
    case 'recipient':
      return true;
    case 'unit':
      return reads(
        { id: `unit:${audience.unit}`, roles: [about.kind === 'evaluation' ? 'evaluator' : 'department'], unit: audience.unit },
        about,
      );
    case 'roles':
      return audience.roles.length > 0 && audience.roles.every((role) => reads({ id: `role:${role}`, roles: [role] }, about));
  }
}
