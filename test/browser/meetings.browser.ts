/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { arrangeLedger, checkScreen, OFFICE, registerTask, signIn, tokenFor, unique } from './support/fixtures.js';

// 联席会议 (CONSOLE.md): the office schedules a meeting, records a decision on a ledger task,
// adds an action item with its owner, unit and deadline, records the minutes and concludes;
// the item's owner reports it done. Through the words a person reads, on the real API.

/** `YYYY-MM-DD` in Shanghai, `days` from now. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

test('the office opens a meeting, adds an item with owner and deadline, records minutes and concludes; the owner reports it done', async ({
  page,
  request,
}) => {
  // A long flow (two people, six screens): three times the tier's timeout on a loaded machine.
  test.slow();
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `会议任务${unique('t')}`, new Date(Date.now() + 60 * 86_400_000).toISOString());
  const owner = { sub: unique('owner'), roles: ['department'], unit: ledger.unit };
  const title = `联席会议${unique('m')}`;
  const itemTitle = `落实事项${unique('i')}`;

  await page.goto('/console/meetings');
  await signIn(page, OFFICE, ['改革办']);
  await expect(page.getByRole('heading', { name: '联席会议' })).toBeVisible();
  await checkScreen(page, 'meetings');

  await page.getByRole('button', { name: '新建会议' }).click();
  const create = page.getByRole('form', { name: '新建会议' });
  await create.getByLabel('会议名称').fill(title);
  await create.getByLabel('召开时间').fill(`${day(0)} 09:30:00`);
  await create.getByLabel('召开时间').press('Enter');
  await page.keyboard.press('Escape');
  await create.getByLabel('参会人员').fill('member-1, member-2');
  await create.getByRole('button', { name: '提交' }).click();
  await expect(page.getByRole('heading', { name: `会议 · ${title}` })).toBeVisible();
  await expect(page.getByTestId('meeting-status')).toHaveText('未结束');
  await expect(page.getByText('member-1、member-2')).toBeVisible();

  // A decision of the meeting, linked to the ledger task it concerns.
  await page.getByRole('button', { name: '记录决定' }).click();
  const decide = page.getByRole('form', { name: '记录决定' });
  await decide.getByLabel('决定标题').fill('推进一网通办');
  await decide.getByLabel('决定内容').fill('由责任单位牵头，年底前完成政务服务事项全程网办。');
  await decide.getByRole('combobox', { name: '关联任务' }).pressSequentially(task.title.slice(0, 8));
  await page.getByRole('option', { name: task.title }).click();
  // The list stays open for more choices (a multiple select); a person clicks away to close it.
  await decide.getByLabel('决定标题').click();
  await expect(page.getByRole('option', { name: task.title })).toBeHidden();
  await decide.getByRole('button', { name: '记录决定' }).click();
  const decisions = page.getByRole('region', { name: '会议决定' });
  await expect(decisions.getByRole('link', { name: task.title })).toHaveAttribute('href', `/console/tasks/${task.id}`);

  // An action item: its owner, unit and deadline; its light and time left shown in words.
  await page.getByRole('button', { name: '添加事项' }).click();
  const add = page.getByRole('form', { name: '添加事项' });
  await add.getByLabel('事项', { exact: true }).fill(itemTitle);
  await add.getByLabel('责任人').fill(owner.sub);
  await add.getByRole('combobox', { name: '责任单位' }).click({ force: true });
  await page.getByRole('option', { name: ledger.unitName }).click();
  await add.getByLabel('截止时间').fill(day(3));
  await add.getByLabel('截止时间').press('Enter');
  await page.keyboard.press('Escape');
  await add.getByRole('combobox', { name: '落实决定' }).click({ force: true });
  await page.getByRole('option', { name: '推进一网通办' }).click();
  await add.getByRole('button', { name: '添加事项' }).click();
  const item = page.getByRole('listitem', { name: itemTitle });
  await expect(item).toBeVisible();
  await expect(item).toContainText(`责任人 ${owner.sub}`);
  await expect(item).toContainText(`责任单位 ${ledger.unitName}`);
  await expect(item).toContainText(`截止时间 ${day(3)}`);
  await expect(item).toContainText('预警');
  await expect(item).toContainText('剩余');
  await expect(item.getByRole('link', { name: '落实决定：推进一网通办' })).toBeVisible();
  await checkScreen(page, 'meeting');

  // Concluding without minutes: the API's own refusal, beside the field.
  const token = await tokenFor(request, OFFICE);
  const meetingId = /\/console\/meetings\/([^/?#]+)/.exec(page.url())![1];
  const refused = await request.post(`/meetings/${meetingId}/conclude`, {
    headers: { authorization: `Bearer ${token}` },
    data: { minutes: '' },
  });
  expect(refused.status()).toBe(400);
  const problem = (await refused.json()) as { title: string; errors: Array<{ path: string; message: string }> };
  const minutes = page.getByRole('form', { name: '结束会议' });
  await minutes.getByRole('button', { name: '结束会议' }).click();
  await expect(minutes).toContainText(`${problem.title}：${problem.errors.find((e) => e.path === 'minutes')!.message}`);
  await checkScreen(page, 'meeting-refused');

  await minutes.getByLabel('会议纪要').fill('会议听取了一网通办改革进展汇报，明确了下一步工作分工。');
  await minutes.getByRole('button', { name: '结束会议' }).click();
  await expect(page.getByTestId('meeting-status')).toHaveText('已结束');
  await expect(page.getByTestId('meeting-minutes')).toHaveText('会议听取了一网通办改革进展汇报，明确了下一步工作分工。');
  await expect(page.getByRole('button', { name: '添加事项' })).toHaveCount(0);
  await checkScreen(page, 'meeting-concluded');

  await page.getByRole('link', { name: '联席会议' }).click();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('事项 1/1 在办');

  // The item's owner finds it in 我的待办, opens the meeting and reports it done.
  await page.getByRole('button', { name: '退出' }).click();
  await page.goto('/console/');
  await signIn(page, owner, ['责任单位']);
  await page.getByRole('region', { name: '我负责的会议事项' }).getByRole('link', { name: itemTitle }).click();
  await expect(page.getByRole('heading', { name: `会议 · ${title}` })).toBeVisible();
  await expect(page.getByRole('button', { name: '取消事项' })).toHaveCount(0);
  await item.getByRole('button', { name: '办结' }).click();
  await page.getByRole('form', { name: '办结' }).getByLabel('办结情况').fill('全程网办事项清单已公布。');
  await page.getByRole('form', { name: '办结' }).getByRole('button', { name: '办结' }).click();
  await expect(item).toContainText('已办结');
  await checkScreen(page, 'meeting-item-done');
});
