import { findingAttachments, formatDue, formatInstant, taskAttachments, type Attachment, type ScoreboardRow } from '#domain';
import type { FindingView, InstructionSummary, TaskLedgerItem, TaskView, UrgingSummary } from '#read-models';
import { CATALOGUES } from '#platform';
import type { ExportTable } from './table-export.js';

/*
 * Column headings and labels of the exports, in Chinese: the files are opened by the office's
 * staff in a spreadsheet program, not read by programs (those use the JSON lists). The words
 * of areas, statuses and lights are the catalogue's, as problems and the console show them.
 */
const WORDS = CATALOGUES['zh-CN'].enums;

/** `2026-03-01 18:00` in the display time zone (the readers' time), or empty. */
const timeIn = (timeZone: string) => (iso: string | null) => (iso ? formatInstant(iso, timeZone) : null);
const yesNo = (b: boolean) => (b ? '是' : '否');

/** The 佐证材料 cell: how many files the record carries and their names (`2 个：整改报告.pdf；现场照片.jpg`), empty without any. */
function evidenceCell(files: readonly Attachment[]): string | null {
  return files.length === 0 ? null : `${files.length} 个：${files.map((f) => f.name).join('；')}`;
}

const EXTENSION_STATUS = { pending: '待审批', approved: '已批准', rejected: '已驳回' } as const;

/**
 * The 延期申请 cell: each extension request in order, its status and the deadline asked (and the
 * one granted when less), `待审批：申请延至 2026-09-30`; empty without any.
 */
function extensionCell(requests: TaskView['extensionRequests'] | undefined, timeZone: string): string | null {
  if (!requests || requests.length === 0) return null;
  const day = (at: string, date: string | null) => formatDue({ at, date }, timeZone);
  return requests
    .map((r) => {
      const asked = `申请延至 ${day(r.deadline, r.deadlineDate)}`;
      const granted = r.granted !== null && r.granted !== r.deadline ? `，批准延至 ${day(r.granted, r.grantedDate)}` : '';
      return `${EXTENSION_STATUS[r.status]}：${asked}${granted}`;
    })
    .join('；');
}

/** How the task ledger export names what a task refers to by code or id. */
export interface TaskExportNames {
  /** A registered special group's name (实体经济改革专项小组) by its code, or null for a code no group has. */
  specialGroup(code: string): string | null;
  /** A key point's title by its id, or null when there is no such key point. */
  keyPoint(id: string): string | null;
  /** The leaders' instructions on a task the reader may read, oldest first. */
  instructions(taskId: string): ReadonlyArray<Pick<InstructionSummary, 'status'>>;
  /** The urging notices on a task the reader may read, oldest first. */
  urgings(taskId: string): ReadonlyArray<Pick<UrgingSummary, 'number' | 'status'>>;
}

/** The 批示 cell: how many instructions and how many of them are still open (`2 条，未办结 1 条`), empty without any. */
function instructionsCell(list: ReadonlyArray<Pick<InstructionSummary, 'status'>>): string | null {
  return list.length === 0 ? null : `${list.length} 条，未办结 ${list.filter((i) => i.status !== 'closed').length} 条`;
}

/** The 催办 cell: each notice by its number and where it stands (`催办〔2026〕3号（已回复）；…`), empty without any. */
function urgingsCell(list: ReadonlyArray<Pick<UrgingSummary, 'number' | 'status'>>): string | null {
  const word = { sent: '已发出', acknowledged: '已签收', replied: '已回复' } as const;
  return list.length === 0 ? null : list.map((u) => `${u.number ?? '催办单（待编号）'}（${word[u.status]}）`).join('；');
}

/**
 * 改革任务台账, with times in `timeZone` (`DISPLAY_TIMEZONE`). People read a special group by its
 * name and a key point by its title; the code and the id keep their own columns for whoever
 * matches the file against the JSON lists or the console.
 */
export function taskExport(timeZone: string, names: TaskExportNames): ExportTable<TaskLedgerItem> {
  const time = timeIn(timeZone);
  // The title the task recorded when it was linked, else the key point's own, else the free text of older tasks.
  const keyPoint = (t: TaskView) => (t.keyPointId ? (t.keyPointTitle ?? names.keyPoint(t.keyPointId)) : null) ?? t.keyPoint;
  return {
    sheet: '改革任务台账',
    columns: [
      { header: '任务编号', width: 38, value: (t) => t.id },
      { header: '任务名称', width: 40, value: (t) => t.title },
      { header: '改革领域', width: 10, value: (t) => WORDS.area[t.area] ?? t.area },
      { header: '专项小组', width: 24, value: (t) => names.specialGroup(t.specialGroup) ?? t.specialGroup },
      { header: '专项小组代码', width: 12, value: (t) => t.specialGroup },
      { header: '牵头单位', width: 16, value: (t) => t.leadUnit },
      { header: '责任人', width: 10, value: (t) => t.responsible },
      { header: '评估标准', width: 40, value: (t) => t.evaluationStandard },
      { header: '年度要点', width: 30, value: keyPoint },
      { header: '要点编号', width: 38, value: (t) => t.keyPointId },
      { header: '完成时限', width: 17, value: (t) => formatDue({ at: t.deadline, date: t.deadlineDate }, timeZone) },
      { header: '状态', width: 8, value: (t) => WORDS.taskStatus[t.status] ?? t.status },
      { header: '进度(%)', width: 8, value: (t) => t.progress },
      { header: '是否逾期', width: 8, value: (t) => yesNo(t.overdue) },
      { header: '预警', width: 6, value: (t) => (t.light ? WORDS.taskLight[t.light] : null) },
      {
        header: '里程碑(已完成/总数)',
        width: 12,
        value: (t) => `${t.milestones.filter((m) => m.completedAt !== null).length}/${t.milestones.length}`,
      },
      { header: '佐证材料', width: 40, value: (t) => evidenceCell(taskAttachments(t)) },
      { header: '延期申请', width: 30, value: (t) => extensionCell(t.extensionRequests, timeZone) },
      { header: '批示', width: 20, value: (t) => instructionsCell(names.instructions(t.id)) },
      { header: '催办', width: 40, value: (t) => urgingsCell(names.urgings(t.id)) },
      { header: '登记时间', width: 17, value: (t) => time(t.createdAt) },
      { header: '最近更新', width: 17, value: (t) => time(t.updatedAt) },
      // The ledger number people say (2026-0001); after the older columns, which readers locate by place.
      { header: '台账编号', width: 14, value: (t) => t.number },
      // The reporting cycle (每月) and the periods ended without a report (the answer's `reporting.missed`); empty without a cycle.
      { header: '报送周期', width: 8, value: (t) => (t.reporting ? WORDS.reportEvery[t.reporting.every] : null) },
      { header: '缺报次数', width: 8, value: (t) => t.reporting?.missed ?? null },
    ],
  };
}

/** 整改台账, with times in `timeZone` (`DISPLAY_TIMEZONE`). */
export function rectificationExport(timeZone: string): ExportTable<FindingView> {
  const time = timeIn(timeZone);
  return {
    sheet: '整改台账',
    columns: [
      { header: '督察编号', width: 38, value: (f) => f.inspectionId },
      { header: '问题编号', width: 38, value: (f) => f.id },
      { header: '问题描述', width: 40, value: (f) => f.description },
      { header: '严重程度', width: 10, value: (f) => WORDS.severity[f.severity] ?? f.severity },
      { header: '责任单位', width: 16, value: (f) => f.responsibleUnit },
      { header: '整改时限', width: 17, value: (f) => formatDue({ at: f.rectificationDue, date: f.rectificationDueDate }, timeZone) },
      { header: '状态', width: 10, value: (f) => WORDS.findingStatus[f.status] ?? f.status },
      { header: '是否逾期', width: 8, value: (f) => yesNo(f.overdue) },
      { header: '整改方案', width: 40, value: (f) => f.plan },
      { header: '验证未通过次数', width: 8, value: (f) => f.failedVerifications },
      { header: '延期次数', width: 8, value: (f) => f.extensions.length },
      { header: '佐证材料', width: 40, value: (f) => evidenceCell(findingAttachments(f)) },
      { header: '销号时间', width: 17, value: (f) => time(f.closedAt) },
    ],
  };
}

/** 年度考核得分 ("100+20"), its moment in `timeZone` (`DISPLAY_TIMEZONE`). */
export function scoreboardExport(rulesVersion: string, asOf: string, timeZone: string): ExportTable<ScoreboardRow> {
  return {
    sheet: '年度考核得分',
    columns: [
      { header: '排名', width: 6, value: (r) => r.rank },
      { header: '单位', width: 20, value: (r) => r.unit },
      { header: '基础分', width: 8, value: (r) => r.base },
      { header: '扣分', width: 8, value: (r) => r.deductions },
      { header: '加分', width: 8, value: (r) => r.bonus },
      { header: '总分', width: 8, value: (r) => r.total },
      { header: '规则版本', width: 10, value: () => rulesVersion },
      { header: '统计时点', width: 17, value: () => formatInstant(asOf, timeZone) },
    ],
  };
}
