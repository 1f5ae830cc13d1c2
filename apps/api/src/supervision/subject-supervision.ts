import type { InstructionSubjectKind, Reader } from '#domain';
import {
  instructionsOn,
  openInstructionCounts,
  openUrgingCounts,
  urgingsOfTask,
  type InstructionSummary,
  type UrgingSummary,
} from '#read-models';
import type { ProjectionsService } from '#platform';

/**
 * What the answers of tasks, matters, findings and meeting items add about supervision (API.md:
 * `instructions: [{ id, by, text, at, respondBy, status }]`, a task's `urgings`): read from the
 * instructions and urgings read models by subject, only those the reader may read.
 */
export function instructionsOf(
  projections: ProjectionsService,
  kind: InstructionSubjectKind,
  id: string,
  reader: Reader,
): InstructionSummary[] {
  return instructionsOn(projections.runner('instructions').db, kind, id, reader);
}

/** A task's urging notices the reader may read, oldest first. */
export function urgingsOf(projections: ProjectionsService, taskId: string, reader: Reader): UrgingSummary[] {
  return urgingsOfTask(projections.runner('urgings').db, taskId, reader);
}

/** Open supervision of one unit: instructions not closed on its subjects, urging notices to it not replied to. */
export interface OpenSupervision {
  openInstructions: number;
  openUrgings: number;
}

/**
 * The summaries' supervision counts, as they stand now (also for an `asOf` summary: instructions
 * and urgings have no history table), of what the reader may read: in all, and per unit.
 */
export function openSupervision(
  projections: ProjectionsService,
  reader: Reader,
): OpenSupervision & { byUnit: Record<string, OpenSupervision> } {
  const instructions = openInstructionCounts(projections.runner('instructions').db, reader);
  const urgings = openUrgingCounts(projections.runner('urgings').db, reader);
  const byUnit: Record<string, OpenSupervision> = {};
  for (const unit of [...new Set([...instructions.byUnit.keys(), ...urgings.byUnit.keys()])].sort()) {
    byUnit[unit] = { openInstructions: instructions.byUnit.get(unit) ?? 0, openUrgings: urgings.byUnit.get(unit) ?? 0 };
  }
  return { openInstructions: instructions.total, openUrgings: urgings.total, byUnit };
}
