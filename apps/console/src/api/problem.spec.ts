import { ApiProblem } from './problem.js';

describe('a problem the API answered', () => {
  const problem = ApiProblem.from(400, {
    title: '请求未通过校验',
    errors: [
      { path: 'minutes', message: 'minutes 不能为空' },
      { path: 'taskIds[1]', message: '任务不存在' },
    ],
  });

  it('gives the message of a field, an element of a list field included', () => {
    expect(problem.fieldMessage('minutes')).toBe('minutes 不能为空');
    expect(problem.fieldMessage('taskIds')).toBe('任务不存在');
    expect(problem.fieldMessage('title')).toBeUndefined();
  });

  it('says whether it names one of the fields a form shows (otherwise the form shows it whole)', () => {
    expect(problem.namesAnyOf(['title', 'taskIds'])).toBe(true);
    expect(problem.namesAnyOf(['title', 'content'])).toBe(false);
    expect(ApiProblem.from(409, { title: '会议已结束' }).namesAnyOf(['minutes'])).toBe(false);
  });
});
