import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  arrangeFinding,
  arrangeLedger,
  call,
  checkScreen,
  INSPECTOR,
  OFFICE,
  registerTask,
  signIn,
  unique,
  type Person,
} from './support/fixtures.js';
import { day, signOut } from './support/forms.js';

// The screens of issue #31 on a 390 × 844 phone (CONSOLE.md: the console works on a phone; a reminder in
// DingTalk links straight to the page): each opens, its main action can be reached and used with a finger,
// the page is no wider than the screen (a table may scroll inside itself), and axe-core finds nothing
// serious.

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const ADMIN: Person = { sub: 'admin-phone', roles: ['admin'] };

/** Scrolls `target` into view as a finger would and checks it is on the screen and can be used. */
async function reachable(target: Locator) {
  await target.scrollIntoViewIfNeeded();
  await expect(target).toBeInViewport();
  await expect(target).toBeEnabled();
}

/** The page is no wider than the phone: nothing makes the whole page scroll sideways. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** The screen as it stands: `action` reached, the page no wider than the phone, axe-core and the screenshot `name`. */
async function onPhone(page: Page, action: Locator, name: string) {
  await reachable(action);
  await fitsWidth(page);
  await checkScreen(page, name);
}

test('督察整改 on a phone: an inspector opens an inspection, the unit opens its finding and its plan form', async ({ page, request }) => {
  const f = await arrangeFinding(request, `办事指南未公开：${unique('f')}`);

  await page.goto('/console/inspections');
  await signIn(page, INSPECTOR, ['督察']);
  const open = page.getByRole('button', { name: '发起督察' });
  await onPhone(page, open, 'phone-inspections');
  await open.tap();
  await reachable(page.getByRole('form', { name: '发起督察' }).getByRole('button', { name: '发起督察' }));
  await fitsWidth(page);

  await signOut(page);
  await page.goto(f.url);
  await signIn(page, f.department, ['责任单位']);
  const plan = page.getByRole('button', { name: '提交整改方案' });
  await reachable(plan);
  await plan.tap();
  await onPhone(page, page.getByRole('form', { name: '提交整改方案' }).getByRole('button', { name: '提交整改方案' }), 'phone-finding');
});

test('任务详情’s supervision parts on a phone: the unit reaches 申请延期, 落实情况 and 签收', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `手机督办${unique('t')}`, day(30));
  const dept: Person = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };
  await call(request, OFFICE, 'POST', `/tasks/${task.id}/urgings`, { text: '请加快推进。', replyBy: day(5) });
  await call(request, { sub: unique('leader'), roles: ['leader'] }, 'POST', '/instructions', {
    subject: { kind: 'task', id: task.id },
    text: '请月底前报送落实方案。',
  });

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, dept, ['责任单位']);
  for (const [part, action] of [
    ['延期申请', '申请延期'],
    ['领导批示', '落实情况'],
    ['催办单', '签收'],
  ] as const) {
    await reachable(page.getByRole('region', { name: part }).getByRole('button', { name: action, exact: true }));
  }
  await fitsWidth(page);
  await checkScreen(page, 'phone-task-supervision');
  await page.getByRole('region', { name: '延期申请' }).getByRole('button', { name: '申请延期' }).tap();
  const ask = page.getByRole('form', { name: '申请延期' });
  await reachable(ask.getByRole('button', { name: '申请延期' }));
  await onPhone(page, ask.getByRole('button', { name: '选择文件' }), 'phone-task-extension-form');
});

test('督办中心 on a phone: the office ticks a late task and reaches 催办', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `手机超期${unique('t')}`, day(-30));

  await page.goto('/console/supervision');
  await signIn(page, OFFICE, ['改革办']);
  const overdue = page.getByRole('region', { name: /超期任务/ });
  const tick = overdue.getByRole('checkbox', { name: `选择 ${task.title}` });
  await tick.scrollIntoViewIfNeeded();
  await tick.tap();
  await expect(tick).toBeChecked();
  await onPhone(page, page.getByRole('form', { name: '催办' }).getByRole('button', { name: '催办（1）' }), 'phone-supervision-center');
});

test('联席会议 on a phone: the office reaches 新建会议, and 添加事项 on a meeting', async ({ page, request }) => {
  const meeting = await call<{ id: string }>(request, OFFICE, 'POST', '/meetings', {
    title: `手机会议${unique('m')}`,
    scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
    attendees: ['office-clerk'],
  });

  await page.goto('/console/meetings');
  await signIn(page, OFFICE, ['改革办']);
  const create = page.getByRole('button', { name: '新建会议' });
  await onPhone(page, create, 'phone-meetings');

  await page.goto(`/console/meetings/${meeting.id}`);
  const add = page.getByRole('button', { name: '添加事项' });
  await reachable(add);
  await add.tap();
  await onPhone(page, page.getByRole('form', { name: '添加事项' }).getByRole('button', { name: '添加事项' }), 'phone-meeting');
});

test('审计追溯 and 系统运维 on a phone: an admin opens a task’s stream, reaches 校验哈希链, and 重建’s confirmation', async ({
  page,
  request,
}) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `手机审计${unique('t')}`, day(30));

  await page.goto('/console/audit');
  await signIn(page, ADMIN, ['系统管理员']);
  await page.getByLabel('标题或编号').fill(task.title);
  await page.getByRole('button', { name: '查找' }).tap();
  await expect(page.getByRole('heading', { name: `事件流 task-${task.id}` })).toBeVisible();
  await onPhone(page, page.getByRole('button', { name: '校验哈希链' }), 'phone-audit');

  await page.goto('/console/admin');
  const rebuild = page.getByRole('button', { name: '重建 task-ledger' });
  await reachable(rebuild);
  // The row's name is on the screen beside it: the figures between them scroll inside the table.
  await expect(page.getByRole('cell', { name: 'task-ledger', exact: true })).toBeInViewport();
  await fitsWidth(page);
  await checkScreen(page, 'phone-admin');
  await rebuild.tap();
  const dialog = page.getByRole('dialog', { name: /重建读模型：task-ledger/ });
  // The confirmation says what will happen; here it is only looked at, not confirmed (the tier's server serves other flows).
  await reachable(dialog.getByRole('button', { name: '重建' }));
  await onPhone(page, dialog.getByRole('button', { name: '取消' }), 'phone-admin-confirm');
  await dialog.getByRole('button', { name: '取消' }).tap();
  await expect(dialog).toBeHidden();
});
