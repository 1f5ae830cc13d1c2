import type { ModuleMetadata } from '@nestjs/common';
import { MattersModule } from './matters/matters.module.js';
import { DecisionsModule } from './decisions/decisions.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AssessmentModule } from './assessment/assessment.module.js';
import { SpecialGroupsModule } from './special-groups/special-groups.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { PlansModule } from './plans/plans.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { UnitsModule } from './units/units.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';

import { FilesModule } from './files/files.module.js';

/**
 * One module per capability (tasks, special groups, units, plans, decisions, matters, meetings, inspections, assessment, exports, audit,
 * admin, reminders, supervision, files).
 */
export const FEATURE_MODULES: NonNullable<ModuleMetadata['imports']> = [
  TasksModule,
  SpecialGroupsModule,
  UnitsModule,
  PlansModule,
  DecisionsModule,
  MattersModule,
  InspectionsModule,
  MeetingsModule,
  AssessmentModule,
  ExportsModule,
  AuditModule,
  AdminModule,
  RemindersModule,
  SupervisionModule,
  FilesModule,
];
