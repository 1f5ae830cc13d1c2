import { eventDetails } from './timeline.js';

describe('timeline details', () => {
  it('names what matters of each task event', () => {
    expect(eventDetails('TaskProgressReported', { percent: 40, note: '完成调研' })).toEqual(['40%', '完成调研']);
    expect(eventDetails('TaskReturned', { reason: '佐证不足' })).toEqual(['佐证不足']);
    expect(eventDetails('TaskAcknowledged', { note: null })).toEqual([]);
    expect(eventDetails('SomethingNew', { text: '批示内容' })).toEqual(['批示内容']);
  });

  it('shows a moved deadline as the day it was given as, or the instant in Beijing time', () => {
    const changed = { deadline: '2027-02-06T15:59:59.999Z', deadlineDate: '2027-02-06', reason: '政策未出台' };
    expect(eventDetails('TaskDeadlineChanged', changed)).toEqual(['2027-02-06', '政策未出台']);
    expect(eventDetails('TaskExtensionRequested', { deadline: '2027-03-01T02:00:00.000Z', reason: '需调研' })).toEqual([
      '2027-03-01 10:00',
      '需调研',
    ]);
    expect(eventDetails('TaskExtensionApproved', { ...changed, comment: null })).toEqual(['2027-02-06']);
  });
});
