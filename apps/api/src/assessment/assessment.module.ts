import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { evaluationDeciderProvider } from './evaluation-decider.provider.js';
import { EvaluationsController } from './evaluations.controller.js';
import { ExemplarsController } from './exemplars.controller.js';
import { ScoreboardController } from './scoreboard.controller.js';
import { ScoreboardService } from './scoreboard.service.js';

/** Assessment (督考一体化): third-party evaluations, reform exemplars and the "100+20" scoreboard. */
@Module({
  imports: [FilesModule],
  controllers: [EvaluationsController, ExemplarsController, ScoreboardController],
  providers: [ScoreboardService, evaluationDeciderProvider],
  exports: [ScoreboardService],
})
export class AssessmentModule {}
