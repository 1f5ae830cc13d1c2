import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { InstructionSubjects } from './instruction-subjects.js';
import { InstructionsController } from './instructions.controller.js';
import { instructionDeciderProvider, urgingDeciderProvider } from './supervision-deciders.provider.js';
import { UrgingsController } from './urgings.controller.js';

/** Supervision (督办): urging notices and leaders' instructions. */
@Module({
  imports: [FilesModule],
  controllers: [UrgingsController, InstructionsController],
  providers: [urgingDeciderProvider, instructionDeciderProvider, InstructionSubjects],
})
export class SupervisionModule {}
