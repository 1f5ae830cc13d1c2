import { Injectable, type PipeTransform } from '@nestjs/common';
import { CodedHttpError } from './problem.filter.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Path ids are server-made; anything else cannot name a resource, so it is a 404, not a 500. */
@Injectable()
export class ResourceIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID.test(value)) throw new CodedHttpError(404, 'RESOURCE.NOT_FOUND');
    return value;
  }
}
