import { expect, test } from '@playwright/test';
import { arrangeLedger, call, checkScreen, moveClock, OFFICE, signIn, unique } from './support/fixtures.js';

// 缺报 (CONSOLE.md, 督办中心): a task owes a progress report every month and has sent none for months.
// Missed periods need a past, so this file runs on the server whose clock its flows move (the
// moved-clock project of playwright.config.ts): the task is registered seventy days ago, then the
// clock is back in the present, where the months since have gone unreported.

const DAY = 86_400_000;
const URGING_NUMBER = /催办〔\d{4}〕\d+号/;

test('a task whose monthly reports were missed is listed under 缺报任务 in 督办中心 and urged', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };
  await moveClock(request, new Date(Date.now() - 70 * DAY));
  let task: { id: string; title: string };
  try {
    task = await call<{ id: string; title: string }>(request, OFFICE, 'POST', '/tasks', {
      title: `按月报送${unique('t')}`,
      area: 'government_services',
      specialGroup: ledger.group,
      leadUnit: ledger.unit,
      responsible: '张主任',
      evaluationStandard: '出台实施方案并落地见效',
      deadline: new Date(Date.now() + 120 * DAY).toISOString(),
      reportEvery: 'monthly',
    });
    await call(request, dept, 'POST', `/tasks/${task.id}/acknowledge`, {});
  } finally {
    await moveClock(request, null);
  }
  // Two months or three, by the day of the month today: what the API counts is what the page must show.
  const { reporting } = await call<{ reporting: { missed: number; overdue: boolean } }>(request, OFFICE, 'GET', `/tasks/${task.id}`);
  expect(reporting.overdue).toBe(true);
  expect(reporting.missed).toBeGreaterThanOrEqual(2);

  await page.goto('/console/');
  await signIn(page, OFFICE, ['改革办']);
  await page.getByRole('link', { name: '督办中心' }).click();
  const missed = page.getByRole('region', { name: /缺报任务/ });
  const row = missed.getByRole('row', { name: new RegExp(task.title) });
  await expect(row.getByRole('link', { name: task.title })).toBeVisible();
  await expect(row).toContainText(`每月 · ${reporting.missed} 期`);
  await expect(row).toContainText('报送逾期');

  await missed.getByRole('checkbox', { name: `选择 ${task.title}` }).check();
  const bulk = page.getByRole('form', { name: '催办' });
  await expect(bulk.getByText('已选 1 项任务')).toBeVisible();
  await bulk.getByLabel('催办内容').fill('该任务已连续缺报，请即报送进展。');
  await checkScreen(page, 'supervision-missed-reports');
  await bulk.getByRole('button', { name: '催办（1）' }).click();
  await expect(bulk.getByRole('status')).toHaveText(new RegExp(`已发出：${URGING_NUMBER.source}$`));
  await expect(page.getByRole('region', { name: /未回复的催办/ }).getByRole('link', { name: task.title })).toBeVisible();
  const notices = await call<{ items: Array<{ text: string }> }>(request, OFFICE, 'GET', `/urgings?taskId=${task.id}`);
  expect(notices.items).toEqual([expect.objectContaining({ text: '该任务已连续缺报，请即报送进展。' })]);
  await checkScreen(page, 'supervision-missed-urged');
});
