import { Module } from '@nestjs/common';
import { FileCatalogue } from './file-catalogue.js';
import { FilesController } from './files.controller.js';

/** Evidence files: the routes, and the catalogue other capabilities look attachments up in. */
@Module({ controllers: [FilesController], providers: [FileCatalogue], exports: [FileCatalogue] })
export class FilesModule {}
