import { Global, Module } from '@nestjs/common';
import { CommandGateway } from './command-gateway.js';

/** HTTP helpers every capability module uses. */
@Global()
@Module({ providers: [CommandGateway], exports: [CommandGateway] })
export class HttpCommonModule {}
