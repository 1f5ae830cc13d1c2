import { Module } from '@nestjs/common';
import { matterDeciderProvider } from './matter-decider.provider.js';
import { MattersController } from './matters.controller.js';

/** Countersign matters (会签): submit, sign, add signer, hand over, recall, and the inbox. */
@Module({ controllers: [MattersController], providers: [matterDeciderProvider] })
export class MattersModule {}
