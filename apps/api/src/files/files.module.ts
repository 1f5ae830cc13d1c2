import { Module } from '@nestjs/common';
import { FileCatalogue } from './file-catalogue.js';
import { FileOrphanJob } from './file-orphans.job.js';
import { FilesController } from './files.controller.js';

/** Evidence files: the routes, and the catalogue other capabilities look attachments up in. */
@Module({ controllers: [FilesController], providers: [FileCatalogue, FileOrphanJob], exports: [FileCatalogue, FileOrphanJob] })
export class FilesModule {}
