/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { arrangeLedger, call, checkScreen, OFFICE, registerTask, signIn, submitMatter, tokenFor, unique } from './support/fixtures.js';

// One flow per user of CONSOLE.md, through the visible words a person reads, against the real
// API serving the built console.

const PAST = () => new Date(Date.now() - 5 * 86_400_000).toISOString();
const FUTURE = () => new Date(Date.now() + 60 * 86_400_000).toISOString();

test('a committee member finds the matter in 我的待办, signs 同意 and sees the outcome', async ({ page, request }) => {
  const member = { sub: unique('member'), roles: ['committee_member'] };
  const matter = await submitMatter(request, `会签：${unique('一网通办')}`, [member.sub], 'all');

  await page.goto('/');
  await expect(page).toHaveURL(/\/console\/dev-login/);
  await checkScreen(page, 'dev-login');
  await signIn(page, member, ['深改委成员']);

  await expect(page.getByRole('heading', { name: '我的待办' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /待办/ })).toBeVisible();
  const link = page.getByRole('link', { name: matter.title });
  await expect(link).toBeVisible();
  await expect(page.getByText('预警').or(page.getByText('正常')).first()).toBeVisible();
  await checkScreen(page, 'inbox');

  await link.click();
  await expect(page.getByRole('heading', { name: '会签单' })).toBeVisible();
  await expect(page.getByText('会签（全部同意）')).toBeVisible();
  await expect(page.getByTestId('matter-progress')).toHaveText('0/1');
  await checkScreen(page, 'matter');
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await expect(page.getByTestId('matter-status')).toHaveText('已通过');
  await expect(page.getByTestId('matter-progress')).toHaveText('1/1');

  await page.getByRole('link', { name: '我的待办' }).click();
  await expect(page.getByRole('link', { name: matter.title })).toHaveCount(0);
  await page.getByRole('tab', { name: '已办' }).click();
  await expect(page.getByRole('link', { name: matter.title })).toBeVisible();
});

test('a member who rejects without a comment sees the API’s refusal beside the comment', async ({ page, request }) => {
  const first = { sub: unique('member'), roles: ['committee_member'] };
  const second = { sub: unique('member'), roles: ['committee_member'] };
  const matter = await submitMatter(request, `会签：${unique('营商环境')}`, [first.sub, second.sub], 'any');
  // The refusal the API gives (nothing is written by a refused command), to compare with the page.
  const token = await tokenFor(request, second);
  const refused = await request.post(`/matters/${matter.id}/sign`, {
    headers: { authorization: `Bearer ${token}` },
    data: { decision: 'reject' },
  });
  expect(refused.status()).toBe(400);
  const problem = (await refused.json()) as { title: string };

  // A deep link (as from a DingTalk message): sign in, and land on the matter.
  await page.goto(`/console/matters/${matter.id}`);
  await expect(page).toHaveURL(/dev-login/);
  await signIn(page, second, ['深改委成员']);
  await expect(page).toHaveURL(new RegExp(`/console/matters/${matter.id}$`));
  await page.getByRole('button', { name: '不同意' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(problem.title);
  await expect(page.getByTestId('matter-status')).toHaveText('会签中');
  await checkScreen(page, 'matter-refused');

  await page.getByRole('textbox', { name: '意见' }).fill('口径与上位法不一致，建议修改后再议');
  await page.getByRole('button', { name: '不同意' }).click();
  await expect(page.getByText('口径与上位法不一致，建议修改后再议')).toBeVisible();
  await expect(page.getByTestId('matter-progress')).toHaveText('0/1');
});

test('the office adds a signer, a signer hands over (转交), and the initiator recalls (撤回)', async ({ page, request }) => {
  const signer = { sub: unique('member'), roles: ['committee_member'] };
  const matter = await submitMatter(request, `会签：${unique('加签转交')}`, [signer.sub], 'all');
  await page.goto(`/console/matters/${matter.id}`);
  await signIn(page, OFFICE, ['改革办']);
  await page.getByRole('button', { name: '加签' }).click();
  await page.getByLabel('加签人').fill('member-added');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('member-added', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '退出' }).click();

  await page.goto(`/console/matters/${matter.id}`);
  await signIn(page, signer, ['深改委成员']);
  await page.getByRole('button', { name: '转交' }).click();
  await page.getByLabel('转交给').fill('member-deputy');
  await page.getByLabel('理由').fill('出差，由副主任代签');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('已转交')).toBeVisible();
  await page.getByRole('button', { name: '退出' }).click();

  await page.goto(`/console/matters/${matter.id}`);
  await signIn(page, OFFICE, ['改革办']);
  await page.getByRole('button', { name: '撤回' }).click();
  await page.getByLabel('理由').fill('方案需重新论证');
  await page.getByRole('button', { name: '撤回' }).last().click();
  await expect(page.getByTestId('matter-status')).toHaveText('已撤回');
});

test('a clerk filters the ledger to red tasks of a special group and exports them', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const other = await arrangeLedger(request);
  const red = await registerTask(request, ledger, `超期任务${unique('t')}`, PAST());
  const green = await registerTask(request, ledger, `正常任务${unique('t')}`, FUTURE());
  const elsewhere = await registerTask(request, other, `别组超期${unique('t')}`, PAST());

  await page.goto('/console/tasks');
  await signIn(page, OFFICE, ['改革办']);
  await expect(page.getByRole('heading', { name: '改革台账' })).toBeVisible();
  await page.getByRole('combobox', { name: '预警' }).click({ force: true });
  await page.getByRole('option', { name: '超期' }).click();
  await page.getByRole('combobox', { name: '专项小组' }).click({ force: true });
  await page.getByRole('option', { name: ledger.groupName }).click();
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByRole('link', { name: red.title })).toBeVisible();
  await expect(page.getByRole('link', { name: green.title })).toHaveCount(0);
  await expect(page.getByRole('link', { name: elsewhere.title })).toHaveCount(0);
  await checkScreen(page, 'ledger');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = readFileSync((await file.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
});

test('a leader opens the cockpit as of an earlier date, the red list following it, and reads the board', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  // Missed an hour ago: red now, and a point off its unit this year whatever the date.
  const red = await registerTask(request, ledger, `驾驶舱任务${unique('t')}`, new Date(Date.now() - 3_600_000).toISOString());
  await page.goto('/console/cockpit');
  await signIn(page, { sub: unique('leader'), roles: ['leader'] }, ['领导']);
  await expect(page.getByRole('heading', { name: '驾驶舱' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '超期任务（红灯）' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '按专项小组' })).toBeVisible();
  await expect(page.getByTestId('total')).not.toHaveText('0');
  await expect(page.getByRole('link', { name: red.title })).toBeVisible();
  await checkScreen(page, 'cockpit');

  // This server's ledger began today: as of last week it held nothing, so nothing was red either.
  const day = new Date(Date.now() - 7 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  await page.getByLabel('截至').fill(day);
  await page.getByLabel('截至').press('Enter');
  await expect(page.getByTestId('as-of')).toContainText(`${day} 23:59`);
  await expect(page.getByTestId('total')).toHaveText('0');
  await expect(page.getByRole('link', { name: red.title })).toHaveCount(0);
  // The date picker's panel closed, as a person leaves it, before the screen is checked.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await checkScreen(page, 'cockpit-as-of');

  // 绩效考评 is a leader's screen too (CONSOLE.md): the board, not a refusal.
  await page.getByRole('link', { name: '绩效考评' }).click();
  await expect(page.getByRole('heading', { name: '绩效考评' })).toBeVisible();
  await expect(page.getByRole('button', { name: ledger.unitName })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a clerk sorts the whole ledger by 完成时限, not only the page on screen', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  // 21 tasks, the later deadlines registered first: in registration order the earliest is on page 2.
  const name = (i: number) => `排序任务${String(i).padStart(2, '0')}-${ledger.group.slice(-4)}`;
  for (let i = 0; i < 21; i++) await registerTask(request, ledger, name(i), new Date(Date.now() + (60 - i) * 86_400_000).toISOString());
  await page.goto(`/console/tasks?specialGroup=${ledger.group}`);
  await signIn(page, OFFICE, ['改革办']);
  const rows = page.getByRole('link', { name: /^排序任务/ });
  await expect(rows.first()).toHaveText(name(0));
  await expect(rows).toHaveCount(20);

  const deadline = page.getByRole('columnheader', { name: '完成时限' });
  await deadline.click();
  await expect(page).toHaveURL(/sort=deadline/);
  await expect(rows.first()).toHaveText(name(20));
  await expect(rows.nth(1)).toHaveText(name(19));
  await checkScreen(page, 'ledger-sorted');
  await page.getByRole('button', { name: '下一页' }).click();
  await expect(rows).toHaveText([name(0)]);

  await deadline.click();
  await expect(page).toHaveURL(/sort=-deadline/);
  await expect(rows.first()).toHaveText(name(0));
});

test('a department acknowledges (签收) its task and reports progress', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `签收任务${unique('t')}`, FUTURE());
  const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };

  await page.goto('/console/');
  await signIn(page, dept, ['责任单位']);
  await expect(page.getByRole('heading', { name: '待本单位签收' })).toBeVisible();
  await page.getByRole('link', { name: task.title }).click();
  await expect(page.getByRole('heading', { name: '督办单' })).toBeVisible();
  await expect(page.getByTestId('task-ack')).toHaveText('未签收');
  await page.getByRole('button', { name: '签收' }).click();
  await page.getByRole('form', { name: '签收' }).getByRole('button', { name: '签收' }).click();
  await expect(page.getByTestId('task-ack')).toContainText('已签收');

  await page.getByRole('button', { name: '报送进度' }).click();
  const form = page.getByRole('form', { name: '报送进度' });
  await form.getByLabel('完成百分比').fill('40');
  await form.getByLabel('进展说明').fill('已完成调研，正在起草实施方案');
  await form.getByRole('button', { name: '报送进度' }).click();
  await expect(page.getByText('40%').first()).toBeVisible();
  const timeline = page.locator('ol.timeline');
  await expect(timeline.getByText('报送进度')).toBeVisible();
  await expect(timeline.getByText('已完成调研，正在起草实施方案')).toBeVisible();
  await expect(timeline.getByText('签收', { exact: true })).toBeVisible();
  await checkScreen(page, 'task');
});

test('the office reads the 100+20 board and follows a point to its event in the timeline', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `扣分任务${unique('t')}`, new Date(Date.now() - 3_600_000).toISOString());
  await page.goto('/console/scoreboard');
  await signIn(page, OFFICE, ['改革办']);
  await expect(page.getByRole('heading', { name: '绩效考评' })).toBeVisible();
  await page.getByRole('button', { name: ledger.unitName }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`${ledger.unitName} · 得分明细`) })).toBeVisible();
  await checkScreen(page, 'scoreboard');
  await page.getByRole('link', { name: '事件' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/console/tasks/${task.id}#event-\\d+$`));
  await expect(page.getByTestId('task-title')).toContainText(task.title);
});

test('an expired token returns the person to sign-in and back to the page they were on', async ({ page, request }) => {
  await page.goto('/console/dev-login');
  // A token whose exp has passed: what a browser holds the morning after.
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const stale = `${part({ alg: 'HS256' })}.${part({ sub: 'office-clerk', roles: ['reform_office'], exp: 1 })}.x`;
  await page.evaluate((t) => localStorage.setItem('reform-console.token', t), stale);
  await page.goto('/console/tasks?light=red');
  await expect(page).toHaveURL(/dev-login\?redirect=.*expired=1/);
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
  await signIn(page, OFFICE, ['改革办']);
  await expect(page).toHaveURL(/\/console\/tasks\?light=red$/);
  expect(await call(request, OFFICE, 'GET', '/auth/config')).toMatchObject({ devSignIn: true, oidc: null });
});

test('the language switch loads English when chosen and remembers it', async ({ page }) => {
  await page.goto('/console/');
  await signIn(page, OFFICE, ['改革办']);
  // English is not in the first screen's bundle: it arrives when a person picks it.
  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('a member signs a matter on a 390 px wide screen', async ({ page, request }) => {
    const member = { sub: unique('member'), roles: ['committee_member'] };
    const matter = await submitMatter(request, `会签：${unique('手机')}`, [member.sub, 'member-other'], 'sequential');
    await page.goto(`/console/matters/${matter.id}`);
    await signIn(page, member, ['深改委成员']);
    await expect(page.getByText('依次审批')).toBeVisible();
    const approve = page.getByRole('button', { name: '同意', exact: true });
    await approve.scrollIntoViewIfNeeded();
    await expect(approve).toBeInViewport();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await checkScreen(page, 'matter-phone');
    await approve.tap();
    await expect(page.getByTestId('matter-progress')).toHaveText('1/2');
    await expect(page.getByTestId('matter-status')).toHaveText('会签中');
  });
});
