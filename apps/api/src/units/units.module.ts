import { Module } from '@nestjs/common';
import { UnitsController } from './units.controller.js';

/** The tree of units and the roll-ups of their tasks. */
@Module({ controllers: [UnitsController] })
export class UnitsModule {}
