import {
  decisionStream,
  inboxStream,
  inspectionStream,
  isStreamOf,
  matterStream,
  meetingStream,
  parseStream,
  streamCategory,
  taskStream,
} from './streams.js';

describe('stream names', () => {
  it('builds `<category>-<id>` for every aggregate', () => {
    expect([
      taskStream('t1'),
      matterStream('m1'),
      meetingStream('mt1'),
      inspectionStream('i1'),
      decisionStream('d1'),
      inboxStream('unit:fgw'),
    ]).toEqual(['task-t1', 'matter-m1', 'meeting-mt1', 'inspection-i1', 'decision-d1', 'inbox-unit:fgw']);
  });

  it('takes a name apart at the first dash, so ids may hold dashes', () => {
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(parseStream(taskStream(id))).toEqual({ category: 'task', id });
    expect(parseStream('audit-digests')).toEqual({ category: 'audit', id: 'digests' });
    expect(parseStream('settings')).toEqual({ category: 'settings', id: '' });
    expect(streamCategory(meetingStream('a-b'))).toBe('meeting');
    expect(streamCategory('settings')).toBe('settings');
  });

  it('tells a stream of a category from one whose category merely starts the same', () => {
    expect(isStreamOf(inboxStream('u1'), 'inbox')).toBe(true);
    expect(isStreamOf('inboxes-u1', 'inbox')).toBe(false);
    expect(isStreamOf(taskStream('x'), 'matter')).toBe(false);
  });
});
