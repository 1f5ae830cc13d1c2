import type { ModuleMetadata } from '@nestjs/common';
import { TasksModule } from './tasks/tasks.module.js';

/** One module per capability (tasks, decisions, matters, meetings, inspections, audit, admin). */
export const FEATURE_MODULES: NonNullable<ModuleMetadata['imports']> = [TasksModule];
