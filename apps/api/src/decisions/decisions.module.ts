import { Module } from '@nestjs/common';
import { DecisionsController } from './decisions.controller.js';

/** Committee decisions: recording and the decisions list. */
@Module({ controllers: [DecisionsController] })
export class DecisionsModule {}
