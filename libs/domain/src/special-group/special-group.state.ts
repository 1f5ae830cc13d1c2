/** A special group (专项小组) as registered: API.md's group resource without its task roll-ups. */
export interface SpecialGroup {
  code: string;
  name: string;
  /** User id of the lead (组长); escalations of the group's overdue tasks reach this user. */
  lead: string;
  deputies: string[];
  memberUnits: string[];
  registeredBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The folded stream: `null` until registered. */
export type SpecialGroupState = SpecialGroup | null;

/** The shape of a group code: lower-case letters, digits and dashes, 2–40 characters. */
export const SPECIAL_GROUP_CODE = /^[a-z0-9-]{2,40}$/;

/** `true` when `code` has the shape of a group code. */
export function isSpecialGroupCode(code: string): boolean {
  return SPECIAL_GROUP_CODE.test(code);
}
