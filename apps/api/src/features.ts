import type { ModuleMetadata } from '@nestjs/common';

/** One module per capability (tasks, decisions, matters, meetings, inspections, audit, admin). */
export const FEATURE_MODULES: NonNullable<ModuleMetadata['imports']> = [];
