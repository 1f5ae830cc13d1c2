import type { Command } from '../shared/decider.js';
import type { Area } from '../task/task.commands.js';

/** The office registers a multi-year reform plan (规划). */
export type RegisterPlan = Command<
  'RegisterPlan',
  { planId: string; title: string; periodFrom: number; periodTo: number; reference?: string }
>;

/** The office adds an annual key point (要点) to a plan. */
export type AddKeyPoint = Command<
  'AddKeyPoint',
  {
    planId: string;
    keyPointId: string;
    year: number;
    title: string;
    area: Area;
    specialGroup?: string;
    /** Whether `specialGroup` names a registered group, as the write path found it (ignored without one). */
    specialGroupRegistered?: boolean;
  }
>;

/** Every command of the plan aggregate. */
export type PlanCommand = RegisterPlan | AddKeyPoint;
