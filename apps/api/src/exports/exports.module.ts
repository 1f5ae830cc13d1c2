import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module.js';
import { ExportsController } from './exports.controller.js';

/** Spreadsheet and CSV downloads of the ledgers and the scoreboard. */
@Module({ imports: [AssessmentModule], controllers: [ExportsController] })
export class ExportsModule {}
