import type { CataloguePart } from '../catalogue.js';

/** Special groups, plans and annual key points, units, numbering. */
export const organisationEn = {
  problems: {
    'SEQUENCE.SUBJECT_REQUIRED': { title: 'Subject required', detail: 'A number is given to a named subject.' },
    'UNIT.NOT_FOUND': { title: 'Unit not found', detail: 'There is no registered unit {{code}}.' },
    'UNIT.ALREADY_EXISTS': { title: 'Unit already registered', detail: 'Unit {{code}} is already registered.' },
    'UNIT.INVALID_CODE': { title: 'Invalid code', detail: 'code must match [a-z0-9-]{2,60}.' },
    'UNIT.INVALID_LEVEL': { title: 'Invalid level', detail: 'level must be city, district, street, community or department.' },
    'UNIT.UNKNOWN_PARENT': { title: 'Parent not registered', detail: 'parent names no registered unit.' },
    'UNIT.CYCLE': {
      title: 'Not a tree',
      detail: '{{parent}} is {{code}} itself or lies below it; a unit cannot be placed under its own subtree.',
    },
    'UNIT.PARENT_UNCHANGED': { title: 'Parent unchanged', detail: '{{code}} is already under {{parent}}.' },
    'UNIT.ROLE_REQUIRED': { title: 'Role required', detail: 'Only the reform office or an administrator registers and moves units.' },
    'SPECIAL_GROUP.NOT_FOUND': { title: 'Special group not found', detail: 'There is no special group {{code}}.' },
    'SPECIAL_GROUP.ALREADY_EXISTS': { title: 'Special group already registered', detail: 'This special group is already registered.' },
    'SPECIAL_GROUP.INVALID_CODE': { title: 'Invalid code', detail: 'code must match [a-z0-9-]{2,40}.' },
    'SPECIAL_GROUP.DUPLICATE': { title: 'Listed twice', detail: '{{path}} repeats an earlier entry.' },
    'SPECIAL_GROUP.LEAD_AS_DEPUTY': { title: 'Lead listed as deputy', detail: 'The lead cannot also be a deputy ({{path}}).' },
    'SPECIAL_GROUP.ALREADY_MEMBER': { title: 'Already a member unit', detail: '{{path}} is already a member unit.' },
    'SPECIAL_GROUP.NOT_MEMBER': { title: 'Not a member unit', detail: '{{path}} is not a member unit.' },
    'SPECIAL_GROUP.NOTHING_TO_CHANGE': { title: 'Nothing to change', detail: 'Name units to add or remove, a lead or deputies.' },
    'SPECIAL_GROUP.ROLE_REQUIRED': { title: 'Role required', detail: 'Only the reform office registers and changes special groups.' },
    'PLAN.NOT_FOUND': { title: 'Plan not found', detail: 'There is no such plan.' },
    'PLAN.ALREADY_EXISTS': { title: 'Plan already registered', detail: 'This plan is already registered.' },
    'PLAN.INVALID_PERIOD': {
      title: 'Invalid period',
      detail: 'The period must be whole years from 2000 to 2100, ending no earlier than it starts.',
    },
    'PLAN.YEAR_OUT_OF_PERIOD': { title: 'Year outside the period', detail: "The key point's year must lie within the plan's period." },
    'PLAN.INVALID_AREA': { title: 'Unknown reform area', detail: 'area is not one of the seven reform areas.' },
    'PLAN.UNKNOWN_SPECIAL_GROUP': { title: 'Special group not registered', detail: 'specialGroup names no registered special group.' },
    'PLAN.DUPLICATE_KEY_POINT': { title: 'Key point already exists', detail: 'The plan already has a key point with this id.' },
    'PLAN.ROLE_REQUIRED': { title: 'Role required', detail: 'Only the reform office registers plans and key points.' },
  },
} satisfies CataloguePart;
