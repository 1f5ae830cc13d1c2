import { Module } from '@nestjs/common';
import { ActionItemsController } from './action-items.controller.js';
import { meetingDeciderProvider } from './meeting-decider.provider.js';
import { MeetingsController } from './meetings.controller.js';
import { NotificationsController } from './notifications.controller.js';

/** Joint meetings, action items and every user's inbox. */
@Module({ controllers: [MeetingsController, ActionItemsController, NotificationsController], providers: [meetingDeciderProvider] })
export class MeetingsModule {}
