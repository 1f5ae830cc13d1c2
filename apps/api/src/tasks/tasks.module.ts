import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { taskDeciderProvider } from './task-decider.provider.js';
import { TaskExtensionsController } from './task-extensions.controller.js';
import { TaskTimelineController } from './task-timeline.controller.js';
import { TasksController } from './tasks.controller.js';

/** Reform tasks: the ledger and its commands. */
@Module({
  imports: [FilesModule],
  controllers: [TasksController, TaskTimelineController, TaskExtensionsController],
  providers: [taskDeciderProvider],
})
export class TasksModule {}
