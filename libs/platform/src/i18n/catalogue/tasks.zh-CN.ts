import type { CataloguePart } from '../catalogue.js';

/** Reform tasks: registration, progress, milestones, acknowledgement, extensions, sub-tasks. */
export const tasksZhCN = {
  problems: {
    'TASK.NOT_FOUND': { title: '任务不存在', detail: '台账中没有编号为 {{taskId}} 的改革任务。' },
    'TASK.ALREADY_EXISTS': { title: '任务已登记', detail: '改革任务 {{taskId}} 已经登记，不能重复登记。' },
    'TASK.CANCELLED': { title: '任务已撤销', detail: '改革任务 {{taskId}} 已撤销，不能再办理。' },
    'TASK.ALREADY_ACCEPTED': { title: '任务已验收', detail: '改革任务 {{taskId}} 已验收办结，不能再办理。' },
    'TASK.ALREADY_SUBMITTED': {
      title: '任务待验收',
      detail: '改革任务 {{taskId}} 已报送验收，改革办审核期间不能报送进度、完成节点或再次报送。',
    },
    'TASK.NOT_SUBMITTED': { title: '任务未报送', detail: '改革任务 {{taskId}} 当前状态为 {{status}}，尚未报送验收。' },
    'TASK.MILESTONE_NOT_FOUND': { title: '节点不存在', detail: '改革任务 {{taskId}} 的路线图中没有节点 {{milestoneId}}。' },
    'TASK.MILESTONE_ALREADY_COMPLETED': { title: '节点已完成', detail: '节点 {{milestoneId}} 已于 {{completedAt, time}} 完成。' },
    'TASK.DEADLINE_UNCHANGED': { title: '完成时限未变', detail: '完成时限已是 {{deadline, time}}，无需调整。' },
    'TASK.PROGRESS_OUT_OF_RANGE': { title: '进度超出范围', detail: 'percent 必须是 0 到 100 之间的数。' },
    'TASK.INVALID_AREA': { title: '改革领域无效', detail: '{{area}} 不是七大改革领域之一。' },
    'TASK.INVALID_DATE': { title: '日期或时间无效', detail: '{{path}} 必须是日期 YYYY-MM-DD（指当天 24 时前）或带时区的 ISO 8601 时间。' },
    'TASK.DUPLICATE_MILESTONE': { title: '节点编号重复', detail: '节点编号 {{milestoneId}} 出现了两次。' },
    'TASK.ROLE_REQUIRED': { title: '无权办理', detail: '此操作需要以下角色之一：{{roles}}。' },
    'TASK.NOT_LEAD_UNIT': { title: '非牵头单位', detail: '改革任务 {{taskId}} 由 {{leadUnit}} 牵头，您所在单位无权办理。' },
    'TASK.OUTSIDE_SUBTREE': { title: '不在本单位下级', detail: '{{leadUnit}} 不在 {{unit}} 之下：部门只能向本单位的下级单位下发任务。' },
    'TASK.DEADLINE_AFTER_PARENT': { title: '期限晚于上级任务', detail: '子任务的完成期限不得晚于上级任务的期限（{{deadline, time}}）。' },
    'TASK.CHILDREN_OPEN': { title: '子任务尚未办结', detail: '改革任务 {{taskId}} 还有 {{open}} 项子任务既未验收也未撤销。' },
    'TASK.ALREADY_ACKNOWLEDGED': { title: '已签收', detail: '改革任务 {{taskId}} 已于 {{acknowledgedAt, time}} 签收。' },
    'TASK.ACKNOWLEDGEMENT_NOT_REQUIRED': { title: '无需签收', detail: '改革任务 {{taskId}} 登记于签收功能上线之前，无需签收。' },
    'TASK.EXTENSION_PENDING': {
      title: '延期申请待审批',
      detail: '改革任务 {{taskId}} 已有待审批的延期申请 {{requestId}}，请待改革办审批后再申请。',
    },
    'TASK.EXTENSION_NOT_FOUND': { title: '延期申请不存在', detail: '改革任务 {{taskId}} 没有延期申请 {{requestId}}。' },
    'TASK.EXTENSION_ALREADY_DECIDED': { title: '延期申请已审批', detail: '延期申请 {{requestId}} 已经审批（{{status}}）。' },
    'TASK.EXTENSION_NOT_LATER': { title: '期限未推后', detail: '申请或批准的期限须晚于现行期限（{{deadline, time}}）。' },
    'TASK.EXTENSION_BEYOND_REQUEST': { title: '超出申请期限', detail: '改革办可批准短于申请的延期，不能更长：最晚 {{deadline, time}}。' },
    'TASK.UNKNOWN_SPECIAL_GROUP': { title: '专项小组未登记', detail: 'specialGroup 没有对应的已登记专项小组。' },
    'TASK.UNKNOWN_KEY_POINT': { title: '年度要点不存在', detail: 'keyPointId 没有对应的年度要点。' },
    'TASK.DUPLICATE_DOCUMENT': { title: '文件已登记', detail: '该任务已登记过这份制度文件。' },
    'TASK.INVALID_REPORT_EVERY': {
      title: '报送周期无效',
      detail: '报送周期须为 weekly（每周）、monthly（每月）、quarterly（每季度）或 none（不报送）。',
    },
    'TASK.REPORTING_UNCHANGED': { title: '报送周期未变', detail: '任务已是该报送周期。' },
    'TASK.REPORT_SINCE_AFTER_TODAY': {
      title: '报送起始日晚于今天',
      detail: '应报送起始日 {{since}} 晚于今天（{{today}}），不能为将来的日期。',
    },
    'TASK.REPORT_SINCE_WITHOUT_CYCLE': { title: '未设报送周期', detail: '只有设置了报送周期（每周、每月或每季度）才能指定应报送起始日。' },
    'TASK.KEY_POINT_UNCHANGED': { title: '年度要点未变', detail: '任务已对应该年度要点。' },
  },
  notifications: {
    task_before: {
      subject: '【台账督办】改革任务「{{title}}」将于 {{due}} 到期（还剩 {{left}}），请按时完成',
      text: '### 台账督办\n\n- 任务：改革任务「{{title}}」\n- 牵头单位：{{owner}}\n- 完成时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前完成并报送完成情况。',
    },
    task_due: {
      subject: '【台账督办】改革任务「{{title}}」已到完成时限 {{due}}，请立即报送完成情况',
      text: '### 台账督办\n\n- 任务：改革任务「{{title}}」\n- 牵头单位：{{owner}}\n- 完成时限：{{due}}（已到期）\n\n请立即报送完成情况。',
    },
    task_overdue: {
      subject: '【台账催办】改革任务「{{title}}」已逾期 {{late}}（时限 {{due}}），请立即推进并说明原因',
      text: '### 台账催办\n\n- 任务：改革任务「{{title}}」\n- 牵头单位：{{owner}}\n- 完成时限：{{due}}\n- 逾期：{{late}}\n\n请立即推进落实，并书面说明逾期原因。',
    },
    milestone_before: {
      subject: '【节点督办】改革任务节点「{{title}}」将于 {{due}} 到期（还剩 {{left}}），请按时完成',
      text: '### 节点督办\n\n- 节点：改革任务节点「{{title}}」\n- 牵头单位：{{owner}}\n- 节点时限：{{due}}（还剩 {{left}}）\n\n请于 {{due}} 前完成该节点并在系统中反馈。',
    },
    milestone_due: {
      subject: '【节点督办】改革任务节点「{{title}}」已到节点时限 {{due}}，请立即反馈完成情况',
      text: '### 节点督办\n\n- 节点：改革任务节点「{{title}}」\n- 牵头单位：{{owner}}\n- 节点时限：{{due}}（已到期）\n\n请立即在系统中反馈该节点完成情况。',
    },
    milestone_overdue: {
      subject: '【节点催办】改革任务节点「{{title}}」已滞后 {{late}}（时限 {{due}}），请立即推进',
      text: '### 节点催办\n\n- 节点：改革任务节点「{{title}}」\n- 牵头单位：{{owner}}\n- 节点时限：{{due}}\n- 滞后：{{late}}\n\n请立即推进，并书面说明滞后原因。',
    },
    acknowledgement_before: {
      subject: '【签收提醒】改革任务「{{title}}」请于 {{due}} 前签收（剩余 {{left}}）',
      text: '### 签收提醒\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 签收时限：{{due}}（剩余 {{left}}）\n\n请在台账中签收。',
    },
    acknowledgement_due: {
      subject: '【签收催办】改革任务「{{title}}」已到签收时限（{{due}}），请立即签收',
      text: '### 签收催办\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 签收时限：{{due}}（已到）\n\n请立即在台账中签收。',
    },
    acknowledgement_overdue: {
      subject: '【签收催办】改革任务「{{title}}」已超过签收时限 {{late}}（时限 {{due}}），请立即签收',
      text: '### 签收催办\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 签收时限：{{due}}\n- 超时：{{late}}\n\n请立即在台账中签收。',
    },
    extension_request_before: {
      subject: '【延期申请】改革任务「{{title}}」申请延期至 {{due}}，请审批',
      text: '### 延期申请\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 申请延至：{{due}}\n\n请在督办中心审批该延期申请。',
    },
    extension_request_due: {
      subject: '【延期申请】改革任务「{{title}}」申请延期至 {{due}}，请审批',
      text: '### 延期申请\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 申请延至：{{due}}\n\n请在督办中心审批该延期申请。',
    },
    extension_request_overdue: {
      subject: '【延期申请】改革任务「{{title}}」申请延期至 {{due}}，请审批',
      text: '### 延期申请\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 申请延至：{{due}}\n\n请在督办中心审批该延期申请。',
    },
    extension_approved_before: {
      subject: '【延期获批】改革任务「{{title}}」完成时限延至 {{due}}',
      text: '### 延期获批\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 新的完成时限：{{due}}\n\n请按新的时限推进。',
    },
    extension_approved_due: {
      subject: '【延期获批】改革任务「{{title}}」完成时限延至 {{due}}',
      text: '### 延期获批\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 新的完成时限：{{due}}\n\n请按新的时限推进。',
    },
    extension_approved_overdue: {
      subject: '【延期获批】改革任务「{{title}}」完成时限延至 {{due}}',
      text: '### 延期获批\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 新的完成时限：{{due}}\n\n请按新的时限推进。',
    },
    extension_rejected_before: {
      subject: '【延期驳回】改革任务「{{title}}」延期至 {{due}} 的申请未获批准',
      text: '### 延期驳回\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 申请延至：{{due}}（未获批准）\n\n现行完成时限不变，请查看驳回理由并按期推进。',
    },
    extension_rejected_due: {
      subject: '【延期驳回】改革任务「{{title}}」延期至 {{due}} 的申请未获批准',
      text: '### 延期驳回\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 申请延至：{{due}}（未获批准）\n\n现行完成时限不变，请查看驳回理由并按期推进。',
    },
    extension_rejected_overdue: {
      subject: '【延期驳回】改革任务「{{title}}」延期至 {{due}} 的申请未获批准',
      text: '### 延期驳回\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 申请延至：{{due}}（未获批准）\n\n现行完成时限不变，请查看驳回理由并按期推进。',
    },
    report_before: {
      subject: '【报送提醒】改革任务「{{title}}」本期进展请于 {{due}} 前报送',
      text: '### 报送提醒\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 本期报送时限：{{due}}\n\n请按报送周期在台账中报送进展。',
    },
    report_due: {
      subject: '【报送提醒】改革任务「{{title}}」本期进展今日（{{due}}）到期，尚未报送',
      text: '### 报送提醒\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 本期报送时限：{{due}}（今日）\n\n本期尚未报送进展，请于今日内在台账中报送。',
    },
    report_overdue: {
      subject: '【报送催办】改革任务「{{title}}」未按期报送进展（时限 {{due}}）',
      text: '### 报送催办\n\n- 任务：「{{title}}」\n- 牵头单位：{{owner}}\n- 报送时限：{{due}}\n- 逾期：{{late}}\n\n牵头单位未按报送周期报送进展，请督促报送。',
    },
  },
} satisfies CataloguePart;
