import { Module } from '@nestjs/common';
import { SpecialGroupsController } from './special-groups.controller.js';

/** Special groups (专项小组): records and their task roll-ups. */
@Module({ controllers: [SpecialGroupsController] })
export class SpecialGroupsModule {}
