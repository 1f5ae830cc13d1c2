import { Module } from '@nestjs/common';
import { AuditDigestScheduler } from './audit-digest.scheduler.js';
import { AuditController } from './audit.controller.js';

/** Audit trails (admin only) and the periodic digest recorder. */
@Module({ controllers: [AuditController], providers: [AuditDigestScheduler] })
export class AuditModule {}
