import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller.js';

/** Reform tasks: the ledger and its commands. */
@Module({ controllers: [TasksController] })
export class TasksModule {}
