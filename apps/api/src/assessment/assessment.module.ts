import { Module } from '@nestjs/common';
import { EvaluationsController } from './evaluations.controller.js';
import { ExemplarsController } from './exemplars.controller.js';

/** Assessment (督考一体化): third-party evaluations and reform exemplars. */
@Module({ controllers: [EvaluationsController, ExemplarsController] })
export class AssessmentModule {}
