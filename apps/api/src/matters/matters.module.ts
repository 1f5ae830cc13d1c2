import { Module } from '@nestjs/common';
import { MattersController } from './matters.controller.js';

/** Countersign matters (会签): submit, sign, add signer, hand over, recall, and the inbox. */
@Module({ controllers: [MattersController] })
export class MattersModule {}
