import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module.js';
import { inspectionDeciderProvider } from './inspection-decider.provider.js';
import { InspectionsController } from './inspections.controller.js';
import { RectificationsController } from './rectifications.controller.js';

/** Inspections (督察), their findings and the rectification ledger (整改). */
@Module({ imports: [FilesModule], controllers: [InspectionsController, RectificationsController], providers: [inspectionDeciderProvider] })
export class InspectionsModule {}
