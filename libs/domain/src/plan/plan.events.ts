import type { Event } from '../shared/decider.js';
import type { Area } from '../task/task.commands.js';

/** A plan was registered with its period (whole years, both included). */
export type PlanRegistered = Event<
  'PlanRegistered',
  {
    planId: string;
    title: string;
    periodFrom: number;
    periodTo: number;
    reference: string | null;
    registeredBy: string;
    registeredAt: string;
  }
>;

/** An annual key point was added to the plan. */
export type KeyPointAdded = Event<
  'KeyPointAdded',
  {
    planId: string;
    keyPointId: string;
    year: number;
    title: string;
    area: Area;
    specialGroup: string | null;
    addedBy: string;
    addedAt: string;
  }
>;

/** Every event of a plan stream (`plan-<id>`). */
export type PlanEvent = PlanRegistered | KeyPointAdded;
