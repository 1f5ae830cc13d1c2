import { eventDetails } from './timeline.js';

describe('timeline details', () => {
  it('names what matters of each task event', () => {
    expect(eventDetails('TaskProgressReported', { percent: 40, note: '完成调研' })).toEqual(['40%', '完成调研']);
    expect(eventDetails('TaskReturned', { reason: '佐证不足' })).toEqual(['佐证不足']);
    expect(eventDetails('TaskAcknowledged', { note: null })).toEqual([]);
    expect(eventDetails('SomethingNew', { text: '批示内容' })).toEqual(['批示内容']);
  });
});
