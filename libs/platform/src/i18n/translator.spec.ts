import { formatDisplayTime, isTimeZone } from './display-time.js';
import { negotiateLocale } from './locale.js';
import { Translator } from './translator.js';

const t = new Translator('zh-CN', 'Asia/Shanghai');

describe('Accept-Language', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.3, zh-CN;q=0.8', 'zh-CN'],
    ['en;q=0, fr', 'zh-CN'],
    ['*', 'zh-CN'],
    ['de', 'zh-CN'],
  ])('%p gives %p', (header, locale) => {
    expect(negotiateLocale(header, 'zh-CN')).toBe(locale);
  });

  it('falls back to the configured default, not to Chinese, when nothing matches', () => {
    expect(negotiateLocale('de', 'en')).toBe('en');
  });
});

describe('display time', () => {
  it('shows a calendar date (a deadline given as a day) as that date', () => {
    expect(formatDisplayTime('2026-12-31', 'Asia/Shanghai')).toBe('2026-12-31');
  });

  it('shows an instant on the Beijing wall clock as YYYY-MM-DD HH:mm', () => {
    expect(formatDisplayTime('2026-11-27T12:55:45.967Z', 'Asia/Shanghai')).toBe('2026-11-27 20:55');
    expect(formatDisplayTime('2026-11-27T16:00:00Z', 'Asia/Shanghai')).toBe('2026-11-28 00:00');
    expect(formatDisplayTime('2026-11-28T09:00:00+08:00', 'UTC')).toBe('2026-11-28 01:00');
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('problems', () => {
  it('fills the detail from the refusal data, times in the display zone', () => {
    expect(t.problem('TASK.DEADLINE_UNCHANGED', { deadline: '2026-12-31T10:00:00Z' }, 'zh-CN')).toEqual({
      title: '完成时限未变',
      detail: '完成时限已是 2026-12-31 18:00，无需调整。',
    });
    expect(t.problem('TASK.DEADLINE_UNCHANGED', { deadline: '2026-12-31T10:00:00Z' }, 'en')?.detail).toBe(
      'The deadline is already 2026-12-31 18:00.',
    );
  });

  it('falls back to the title when the refusal lacks the data its detail names', () => {
    expect(t.problem('TASK.NOT_FOUND', {}, 'zh-CN')).toEqual({ title: '任务不存在', detail: '任务不存在' });
  });

  it('has no text for an unknown code', () => {
    expect(t.problem('NO.SUCH_CODE', {}, 'en')).toBeNull();
  });

  it('renders a field message from the rule and its arguments', () => {
    expect(t.fieldMessage('max', { field: 'percent', constraint1: 100 }, 'zh-CN')).toBe('percent 必须不大于 100');
    expect(t.fieldMessage('max', { field: 'percent', constraint1: 100 }, 'en')).toBe('percent must not be greater than 100');
    expect(t.fieldMessage('isNotBlank', { field: 'signers' }, 'zh-CN', true)).toBe('signers 中的每一项 不能为空白');
  });
});

describe('enumerations', () => {
  it("lists allowed values as codes with their words, in the reader's language", () => {
    expect(t.enumValues('area', ['real_economy', 'livelihood'], 'zh-CN')).toBe('real_economy（实体经济）、livelihood（品质民生）');
    expect(t.enumValues('area', ['real_economy', 'livelihood'], 'en')).toBe(
      "real_economy (real economy), livelihood (people's livelihood)",
    );
  });

  it('keeps a value without words as it is', () => {
    expect(t.enumWord('taskStatus', 'late', 'zh-CN')).toBeNull();
    expect(t.enumValues('taskStatus', ['planned', 'late'], 'zh-CN')).toBe('planned（未启动）、late');
    expect(t.enumWord('role', 'toString', 'en')).toBeNull();
  });
});

describe('notifications', () => {
  const facts = { title: '落实议定事项', owner: 'alice', due: '2026-11-27T12:55:45.967Z', at: '2026-11-29T15:55:45.967Z' };

  it('says what, by when (Beijing time) and how late, in Chinese by default', () => {
    const n = t.notification('item_overdue', facts);
    expect(n.subject).toBe('【督办催办】议定事项「落实议定事项」已逾期 2 天 3 小时（时限 2026-11-27 20:55），请立即办结并说明原因');
    expect(n.text).toContain('- 责任人：alice');
    expect(n.text).toContain('- 逾期：2 天 3 小时');
  });

  it('says how long is left before the deadline, in English on request', () => {
    const n = t.notification('finding_before', { ...facts, at: '2026-11-27T11:55:45.967Z' }, 'en');
    expect(n.subject).toBe('Rectification of finding "落实议定事项" is due 2026-11-27 20:55 (1 hour left)');
  });

  it('shows a deadline given as a date as that date, in either language', () => {
    // "2026-12-31" is due at its end (15:59:59.999Z); the due reminder goes out at 09:00 that day.
    const dated = {
      title: '落实议定事项',
      owner: 'alice',
      due: '2026-12-31T15:59:59.999Z',
      dueDate: '2026-12-31',
      at: '2026-12-31T01:00:00.000Z',
    };
    expect(t.notification('item_due', dated).subject).toBe('【督办提醒】议定事项「落实议定事项」已到办理时限 2026-12-31，请立即办结');
    expect(t.notification('item_due', dated).text).toContain('- 办理时限：2026-12-31（');
    expect(t.notification('finding_before', { ...dated, at: '2026-12-30T01:00:00.000Z' }, 'en').subject).toBe(
      'Rectification of finding "落实议定事项" is due 2026-12-31 (1 day 14 hours left)',
    );
  });

  it('measures durations in the two largest units, at least a minute', () => {
    expect(t.duration(0, 'zh-CN')).toBe('1 分钟');
    expect(t.duration(90 * 60_000, 'en')).toBe('1 hour 30 minutes');
    expect(t.duration(3 * 86_400_000 + 59 * 60_000, 'en')).toBe('3 days');
  });
});
