import { Injectable, type PipeTransform } from '@nestjs/common';
import { CodedHttpError } from '../http/problem.filter.js';

// Notification ids are reminder keys (`item_<uuid>_v1_before_0_r<hash>`), longer than resource ids.
const ID = /^[A-Za-z0-9_-]{1,300}$/;

/** Anything that cannot be a notification id is a 404, not a 500. */
@Injectable()
export class NotificationIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ID.test(value)) throw new CodedHttpError(404, 'NOTIFICATION.NOT_FOUND', { notificationId: value });
    return value;
  }
}
