import { Module } from '@nestjs/common';
import { InspectionsController, RectificationsController } from './inspections.controller.js';

/** Inspections (督察), their findings and the rectification ledger (整改). */
@Module({ controllers: [InspectionsController, RectificationsController] })
export class InspectionsModule {}
