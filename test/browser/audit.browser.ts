import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { arrangeLedger, call, checkScreen, moveClock, registerTask, signIn, unique } from './support/fixtures.js';
import { serverDataDir } from './support/server-info.js';

// The administrator's screens (审计追溯, 系统运维) against the real API serving the built console. This
// file runs on the server whose clock its flows may move (the moved-clock project of playwright.config.ts):
// a task's first events are recorded eight days ago, so its state "a week ago" is asked by the moment.

const ADMIN = { sub: 'admin-auditor', roles: ['admin'] };
const DAY = 86_400_000;
const FUTURE = () => new Date(Date.now() + 60 * DAY).toISOString();

/** A task registered, acknowledged and reported at 40% eight days ago (the server's clock moved back, then to the present). */
async function taskRecordedEightDaysAgo(request: APIRequestContext) {
  await moveClock(request, new Date(Date.now() - 8 * DAY));
  try {
    const ledger = await arrangeLedger(request);
    const task = await registerTask(request, ledger, `审计任务${unique('t')}`, FUTURE());
    const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };
    await call(request, dept, 'POST', `/tasks/${task.id}/acknowledge`, {});
    await call(request, dept, 'POST', `/tasks/${task.id}/progress`, { percent: 40, note: '已完成调研' });
    return { task, dept, stream: `task-${task.id}` };
  } finally {
    await moveClock(request, null);
  }
}

test('an admin opens a task’s stream, follows a command, sees it a week ago beside now, sees a tampered event break the chain', async ({
  page,
  request,
  baseURL,
}) => {
  // Six screens, each with axe-core, and a store altered and restored: longer than one flow.
  test.slow();
  const { task, dept, stream } = await taskRecordedEightDaysAgo(request);
  const before = await call<{ events: Array<{ revision: number }> }>(request, ADMIN, 'GET', `/audit/streams/${stream}`);
  const weekAgo = before.events.length - 1;
  // Today it reports 70%.
  await call(request, dept, 'POST', `/tasks/${task.id}/progress`, { percent: 70, note: '实施方案已印发' });
  const { events } = await call<{ events: Array<{ revision: number; type: string }> }>(request, ADMIN, 'GET', `/audit/streams/${stream}`);
  const head = events.length - 1;
  const progress = events.find((e) => e.type === 'TaskProgressReported')!.revision;

  await page.goto('/console/audit');
  await signIn(page, ADMIN, ['系统管理员']);
  await expect(page.getByRole('heading', { name: '审计追溯' })).toBeVisible();
  await checkScreen(page, 'audit');

  // Found by its title, as a person remembers it.
  await page.getByLabel('标题或编号').fill(task.title);
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('heading', { name: `事件流 ${stream}` })).toBeVisible();
  await expect(page.getByTestId('events-loaded')).toHaveText(`已载入 ${events.length} 个事件`);
  await page.getByRole('button', { name: `#${progress}` }).click();
  const detail = page.getByRole('region', { name: `事件 #${progress}` });
  await expect(detail.getByText('已完成调研').first()).toBeVisible();
  await checkScreen(page, 'audit-stream');

  // "What else did this command do?": the global log filtered to its correlation id.
  await detail.getByRole('button', { name: /^这条命令还做了什么/ }).click();
  await expect(page.getByRole('tab', { name: '全局日志', selected: true })).toBeVisible();
  const log = page.getByTestId('audit-log');
  await expect(log.getByRole('button', { name: stream })).toBeVisible();
  await expect(log.getByText('TaskProgressReported')).toBeVisible();
  await expect(log.getByText('TaskRegistered')).toHaveCount(0);
  await checkScreen(page, 'audit-log');

  // The task a week ago (reported at 40%) beside the task now (70%), the moment picked as a person picks it.
  await log.getByRole('button', { name: stream }).click();
  await expect(page.getByRole('heading', { name: `事件流 ${stream}` })).toBeVisible();
  const state = page.getByRole('region', { name: '历史状态' });
  await state.getByText('按时间', { exact: true }).click();
  await state.getByLabel('时间', { exact: true }).click();
  await page.getByRole('button', { name: '一周前', exact: true }).click();
  await state.getByRole('button', { name: '查看' }).click();
  await expect(state.getByRole('columnheader', { name: new RegExp(`当时（修订号 ${weekAgo}）`) })).toBeVisible();
  await expect(state.getByRole('columnheader', { name: new RegExp(`现在（修订号 ${head}）`) })).toBeVisible();
  const percent = state.getByRole('row', { name: /^progress 已变/ });
  await expect(percent.getByRole('cell')).toHaveText(['40', '70']);
  // 已变 alone: the unchanged fields (the title among them) leave the table.
  await state
    .locator('label')
    .filter({ hasText: /^已变$/ })
    .click();
  await expect(state.getByRole('rowheader', { name: 'title', exact: true })).toHaveCount(0);
  await checkScreen(page, 'audit-state');

  await page.getByRole('button', { name: '校验哈希链' }).click();
  await expect(page.getByTestId('chain-outcome')).toHaveText(`✓ 哈希链完整：${events.length} 个事件全部校验通过`);

  // Someone with access to the store's file alters the progress event.
  const storeFile = path.join(serverDataDir(baseURL!), 'events.sqlite');
  const db = new Database(storeFile);
  const original = db.prepare('SELECT data FROM events WHERE stream = ? AND revision = ?').pluck().get(stream, progress) as string;
  try {
    db.prepare(`UPDATE events SET data = json_set(data, '$.percent', 99) WHERE stream = ? AND revision = ?`).run(stream, progress);
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await expect(page.getByTestId('chain-outcome')).toHaveText(
      `✗ 哈希链断裂：第一个错误的修订号为 ${progress}（哈希不符，事件内容被改动）`,
    );
    await checkScreen(page, 'audit-chain-broken');
  } finally {
    // The server's other tests (digests, the global verify) find the store as it was.
    db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = ?').run(original, stream, progress);
    db.close();
  }

  await page.getByRole('tab', { name: '摘要与签名' }).click();
  await expect(page.getByTestId('digest-value')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByText('ed25519').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '下载公钥' })).toBeVisible();
  await expect(page.getByTestId('verify-command')).toContainText('npm run admin -- verify-digest digest.json --key ');
  await checkScreen(page, 'audit-digest');
});

test('an admin rebuilds a projection from 系统运维 after a confirmation that says what will happen', async ({ page }) => {
  await page.goto('/console/admin');
  await signIn(page, ADMIN, ['系统管理员']);
  await expect(page.getByRole('heading', { name: '系统运维' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'task-ledger', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: '催办提醒' })).toBeVisible();
  await checkScreen(page, 'admin');

  await page.getByRole('button', { name: '重建 task-ledger' }).click();
  const dialog = page.getByRole('dialog', { name: /重建读模型：task-ledger/ });
  await expect(dialog.getByText(/重放全部事件，写入新的「task-ledger」读模型文件/)).toBeVisible();
  await checkScreen(page, 'admin-rebuild-confirm');
  await dialog.getByRole('button', { name: '重建' }).click();
  await expect(page.getByTestId('rebuild-task-ledger')).toContainText('已切换到新文件');
  await checkScreen(page, 'admin-rebuilt');
});

test('the audit and operations entries are not in the menu of someone who is not an admin', async ({ page }) => {
  await page.goto('/console/');
  await signIn(page, { sub: unique('clerk'), roles: ['reform_office'] }, ['改革办']);
  const menu = page.getByRole('navigation', { name: '导航' });
  await expect(menu.getByRole('link', { name: '改革台账' })).toBeVisible();
  await expect(menu.getByRole('link', { name: '审计追溯' })).toHaveCount(0);
  await expect(menu.getByRole('link', { name: '系统运维' })).toHaveCount(0);
});
