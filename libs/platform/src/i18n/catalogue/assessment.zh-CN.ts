import type { CataloguePart } from '../catalogue.js';

/** Assessment: evaluations, exemplars, the scoreboard. */
export const assessmentZhCN = {
  problems: {
    'EVALUATION.NOT_FOUND': { title: '评估不存在', detail: '没有编号为 {{evaluationId}} 的第三方评估。' },
    'EVALUATION.ALREADY_EXISTS': { title: '评估已委托', detail: '第三方评估 {{evaluationId}} 已经委托。' },
    'EVALUATION.ALREADY_REPORTED': {
      title: '评估报告待审核',
      detail: '第三方评估 {{evaluationId}} 已有报告等待改革办审核，退回后方可重新报送。',
    },
    'EVALUATION.ALREADY_ACCEPTED': { title: '评估已验收', detail: '第三方评估 {{evaluationId}} 的报告已验收，不能再办理。' },
    'EVALUATION.NOT_REPORTED': { title: '尚无评估报告', detail: '第三方评估 {{evaluationId}} 没有等待审核的报告。' },
    'EVALUATION.ROLE_REQUIRED': { title: '无权办理', detail: '此操作需要以下角色：{{roles}}。' },
    'EVALUATION.NOT_EVALUATOR_UNIT': { title: '非受托评估机构', detail: '第三方评估 {{evaluationId}} 并非委托贵机构开展。' },
    'EVALUATION.INVALID_DATE': {
      title: '日期或时间无效',
      detail: '{{path}} 必须是日期 YYYY-MM-DD（指当天 24 时前）或带时区的 ISO 8601 时间。',
    },
    'EVALUATION.INVALID_YEAR': { title: '年度无效', detail: 'year 必须是 2000 到 2100 之间的整年。' },
    'EVALUATION.INVALID_SUBJECT': { title: '评估对象无效', detail: 'subject.kind 必须是以下值之一：{{allowed}}。' },
    'EVALUATION.INVALID_RATING': { title: '评估等次无效', detail: 'rating 必须是以下值之一：{{allowed}}。' },
    'EVALUATION.SCORE_OUT_OF_RANGE': { title: '分数超出范围', detail: 'score 必须是 0 到 100 之间的数。' },
    'EXEMPLAR.NOT_FOUND': { title: '典型不存在', detail: '没有编号为 {{exemplarId}} 的改革典型。' },
    'EXEMPLAR.ALREADY_EXISTS': { title: '典型已推荐', detail: '改革典型 {{exemplarId}} 已经推荐。' },
    'EXEMPLAR.ALREADY_SELECTED': { title: '典型已评选', detail: '改革典型 {{exemplarId}} 已经评选确定。' },
    'EXEMPLAR.REJECTED': { title: '推荐未通过', detail: '改革典型 {{exemplarId}} 的推荐未通过，不能再办理。' },
    'EXEMPLAR.NOT_SELECTED': { title: '典型未评选', detail: '改革典型 {{exemplarId}} 当前为 {{status}}，尚未经市委深改委评选确定。' },
    'EXEMPLAR.ALREADY_RECOGNIZED': { title: '已获此级认定', detail: '改革典型 {{exemplarId}} 已获 {{level}} 级认定。' },
    'EXEMPLAR.ROLE_REQUIRED': { title: '无权办理', detail: '此操作需要以下角色：{{roles}}。' },
    'EXEMPLAR.INVALID_YEAR': { title: '年度无效', detail: 'year 必须是 2000 到 2100 之间的整年。' },
    'EXEMPLAR.INVALID_LEVEL': { title: '认定层级无效', detail: 'level 必须是以下值之一：{{allowed}}。' },
    'EXEMPLAR.INVALID_DATE': { title: '时间格式无效', detail: '{{path}} 必须是带时区的 ISO 8601 日期或时间。' },
    'SCOREBOARD.NOT_OWN_UNIT': { title: '只能查看本单位', detail: '部门用户只能查看本单位的得分，不能查看 {{unit}}。' },
  },
  notifications: {
    evaluation_before: {
      subject: '【评估督办】第三方评估「{{title}}」的评估报告将于 {{due}} 到期（还剩 {{left}}），请按时报送',
      text: '### 评估督办\n\n- 事项：第三方评估「{{title}}」的评估报告\n- 评估机构：{{owner}}\n- 报送时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前报送评估报告。',
    },
    evaluation_due: {
      subject: '【评估督办】第三方评估「{{title}}」的评估报告已到报送时限 {{due}}，请立即报送',
      text: '### 评估督办\n\n- 事项：第三方评估「{{title}}」的评估报告\n- 评估机构：{{owner}}\n- 报送时限：{{due}}（已到期）\n\n请立即报送评估报告。',
    },
    evaluation_overdue: {
      subject: '【评估催办】第三方评估「{{title}}」的评估报告已逾期 {{late}}（时限 {{due}}），请立即报送并说明原因',
      text: '### 评估催办\n\n- 事项：第三方评估「{{title}}」的评估报告\n- 评估机构：{{owner}}\n- 报送时限：{{due}}\n- 逾期：{{late}}\n\n请立即报送评估报告，并书面说明逾期原因。',
    },
  },
} satisfies CataloguePart;
