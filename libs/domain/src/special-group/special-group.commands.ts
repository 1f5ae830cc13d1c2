import type { Command } from '../shared/decider.js';

/** The office registers one of the committee's special groups (专项小组). */
export type RegisterSpecialGroup = Command<
  'RegisterSpecialGroup',
  {
    /** `[a-z0-9-]{2,40}`: the code tasks name in `specialGroup`. */
    code: string;
    name: string;
    /** User id of the group lead (组长), a committee member. */
    lead: string;
    deputies?: string[];
    /** The group's regular member units (departments). */
    memberUnits: string[];
  }
>;

/** The office changes a group's member units, lead or deputies. */
export type ChangeSpecialGroupMembers = Command<
  'ChangeSpecialGroupMembers',
  { code: string; add?: string[]; remove?: string[]; lead?: string; deputies?: string[] }
>;

/** Every command of the special group aggregate. */
export type SpecialGroupCommand = RegisterSpecialGroup | ChangeSpecialGroupMembers;
