import { Module } from '@nestjs/common';
import { PlansController } from './plans.controller.js';

/** Plans and annual key points, rolled up over the tasks that carry them out. */
@Module({ controllers: [PlansController] })
export class PlansModule {}
