import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller.js';

/** Administration of the read models (admin only). */
@Module({ controllers: [AdminController] })
export class AdminModule {}
