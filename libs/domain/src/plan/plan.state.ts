import type { Area } from '../task/task.commands.js';

/** An annual key point (要点) of a plan; tasks carry it out through their `keyPointId`. */
export interface KeyPoint {
  id: string;
  planId: string;
  year: number;
  title: string;
  area: Area;
  specialGroup: string | null;
  createdAt: string;
}

/** A multi-year reform plan (规划) with its key points. */
export interface Plan {
  id: string;
  title: string;
  periodFrom: number;
  periodTo: number;
  reference: string | null;
  keyPoints: KeyPoint[];
  registeredBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The folded stream: `null` until registered. */
export type PlanState = Plan | null;

/** The years a plan's period may use. */
export const PLAN_YEARS = { min: 2000, max: 2100 } as const;

/** `true` when `year` falls within the plan's period (both ends included). */
export function isYearInPlan(plan: Pick<Plan, 'periodFrom' | 'periodTo'>, year: number): boolean {
  return Number.isInteger(year) && year >= plan.periodFrom && year <= plan.periodTo;
}
