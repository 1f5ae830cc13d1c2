/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sampleJpeg, samplePdf } from '../../libs/platform/src/files/sample-files.fixture.js';
import { arrangeLedger, call, checkScreen, OFFICE, registerTask, signIn, tokenFor, unique } from './support/fixtures.js';
import { attach, day, pickDay, signOut } from './support/forms.js';

// Supervision (督办, CONSOLE.md): on 任务详情 a department asks for more time and the office decides, a
// leader's instruction is answered, an urging notice is acknowledged and answered; 督办中心 lists what is
// late and urges several tasks at once. Through the visible words, against the real API.

const URGING_NUMBER = /催办〔\d{4}〕\d+号/;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test('a department requests an extension and the office grants a shorter one', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `延期任务${unique('t')}`, day(30));
  const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, dept, ['责任单位']);
  const extensions = page.getByRole('region', { name: '延期申请' });
  await extensions.getByRole('button', { name: '申请延期' }).click();
  const ask = page.getByRole('form', { name: '申请延期' });
  await pickDay(page, '申请延至', day(90), ask);
  await ask.getByLabel('延期理由').fill('省级配套政策尚未出台，需待政策明确后完善实施方案');
  const letter = samplePdf(unique('延期函'));
  await attach(page, ask, '关于申请延期的函.pdf', letter, 'application/pdf');
  await ask.getByRole('button', { name: '申请延期', exact: true }).click();
  await expect(extensions.getByText('待审批')).toBeVisible();
  await expect(extensions.getByText(`申请延至 ${day(90)}`)).toBeVisible();
  await expect(extensions.getByRole('button', { name: '关于申请延期的函.pdf', exact: true })).toBeVisible();
  await expect(extensions.getByText(sha256(letter))).toBeVisible();
  // One pending request at a time: the unit is not offered a second.
  await expect(extensions.getByRole('button', { name: '申请延期', exact: true })).toHaveCount(0);
  await checkScreen(page, 'supervision-extension-requested');
  await signOut(page);

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, OFFICE, ['改革办']);
  await extensions.getByRole('button', { name: '批准' }).click();
  const approve = page.getByRole('form', { name: '批准' });
  // More than was asked is refused, in the API's own words.
  await pickDay(page, '批准延至', day(120), approve);
  await approve.getByRole('button', { name: '批准' }).click();
  await expect(approve.getByRole('alert')).toBeVisible();
  await expect(extensions.getByText('待审批')).toBeVisible();
  await checkScreen(page, 'supervision-extension-refused');

  await pickDay(page, '批准延至', day(60), approve);
  await approve.getByLabel('审批意见').fill('同意延期，请抓紧推进');
  await approve.getByRole('button', { name: '批准' }).click();
  await expect(extensions.getByText('已批准')).toBeVisible();
  await expect(extensions.getByText(`批准延至 ${day(60)}`)).toBeVisible();
  await expect(page.getByText(`截止时间 ${day(60)}`)).toBeVisible();
  await expect(page.locator('ol.timeline').getByText('批准延期')).toBeVisible();
  await checkScreen(page, 'supervision-extension-approved');

  const answer = await call<{
    deadlineChanges: Array<{ requestId: string | null; toDate: string | null }>;
    extensionRequests: Array<{ attachments?: Array<{ sha256: string }> }>;
  }>(request, OFFICE, 'GET', `/tasks/${task.id}`);
  expect(answer.deadlineChanges).toEqual([expect.objectContaining({ toDate: day(60), requestId: expect.any(String) })]);
  expect(answer.extensionRequests[0]!.attachments).toEqual([expect.objectContaining({ sha256: sha256(letter) })]);
});

test('a leader’s instruction (批示) is answered by the unit (落实情况)', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `批示任务${unique('t')}`, day(45));
  const leader = { sub: unique('leader'), roles: ['leader'] };
  const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, leader, ['领导']);
  const instructions = page.getByRole('region', { name: '领导批示' });
  await instructions.getByRole('button', { name: '批示' }).click();
  const give = page.getByRole('form', { name: '批示' });
  await give.getByLabel('批示内容').fill('此项改革事关群众切身利益，请牵头单位月底前拿出落实方案。');
  await pickDay(page, '反馈期限', day(10), give);
  await give.getByRole('button', { name: '批示' }).click();
  await expect(instructions.getByText('待落实')).toBeVisible();
  await expect(instructions.getByText('此项改革事关群众切身利益')).toBeVisible();
  // The leader instructs; answering is the unit's.
  await expect(instructions.getByRole('button', { name: '落实情况', exact: true })).toHaveCount(0);
  await checkScreen(page, 'supervision-instruction-given');
  await signOut(page);

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, dept, ['责任单位']);
  await expect(instructions.getByRole('button', { name: '批示', exact: true })).toHaveCount(0);
  await instructions.getByRole('button', { name: '落实情况' }).click();
  const respond = page.getByRole('form', { name: '落实情况' });
  await respond.getByLabel('落实情况').fill('已召开专题会议研究部署，落实方案已报市政府审定。');
  await attach(page, respond, '专题会议纪要.pdf', samplePdf(unique('纪要')), 'application/pdf');
  await attach(page, respond, '现场照片.jpg', sampleJpeg(unique('photo')), 'image/jpeg');
  await respond.getByRole('button', { name: '落实情况', exact: true }).click();
  await expect(instructions.getByText('已反馈')).toBeVisible();
  await expect(instructions.getByText('已召开专题会议研究部署')).toBeVisible();
  await expect(instructions.getByRole('button', { name: '专题会议纪要.pdf', exact: true })).toBeVisible();
  await expect(instructions.getByRole('img', { name: '现场照片.jpg' })).toBeVisible();
  await expect(page.locator('ol.timeline').getByText('领导批示')).toBeVisible();
  await checkScreen(page, 'supervision-instruction-answered');
});

test('an urging notice (催办) is acknowledged (签收) and answered (回复)', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const task = await registerTask(request, ledger, `催办任务${unique('t')}`, day(20));
  const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, OFFICE, ['改革办']);
  const urgings = page.getByRole('region', { name: '催办单' });
  await urgings.getByRole('button', { name: '催办' }).click();
  const urge = page.getByRole('form', { name: '催办' });
  await urge.getByLabel('催办内容').fill('该任务进度滞后，请于期限前书面报告推进情况。');
  await pickDay(page, '回复期限', day(5), urge);
  await urge.getByRole('button', { name: '催办' }).click();
  const notice = urgings.getByRole('article', { name: URGING_NUMBER });
  await expect(notice).toBeVisible();
  const number = (await notice.getAttribute('aria-label'))!;
  await expect(notice.getByText('待签收')).toBeVisible();
  await checkScreen(page, 'supervision-urging-issued');
  await signOut(page);

  await page.goto(`/console/tasks/${task.id}`);
  await signIn(page, dept, ['责任单位']);
  const mine = urgings.getByRole('article', { name: number });
  await mine.getByRole('button', { name: '签收' }).click();
  await expect(mine.getByText('已签收').first()).toBeVisible();
  await expect(mine.getByRole('button', { name: '签收', exact: true })).toHaveCount(0);
  await mine.getByRole('button', { name: '回复' }).click();
  const reply = page.getByRole('form', { name: '回复' });
  await reply.getByLabel('回复内容').fill('已制定整改推进计划，本周内完成实施方案报送。');
  await attach(page, reply, '推进计划.pdf', samplePdf(unique('计划')), 'application/pdf');
  await reply.getByRole('button', { name: '回复', exact: true }).click();
  await expect(mine.getByText('已回复')).toBeVisible();
  await expect(mine.getByText('已制定整改推进计划')).toBeVisible();
  await expect(mine.getByRole('button', { name: '推进计划.pdf', exact: true })).toBeVisible();
  await expect(page.locator('ol.timeline').getByText('回复催办单')).toBeVisible();
  await checkScreen(page, 'supervision-urging-answered');
});

test('督办中心 lists what is late and urges several tasks at once', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const dept = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };
  // Two tasks an old ledger brought in past their deadlines, one with a notice unanswered past its reply date.
  const first = await registerTask(request, ledger, `超期甲${unique('t')}`, day(-40));
  const second = await registerTask(request, ledger, `超期乙${unique('t')}`, day(-39));
  const urged = await registerTask(request, ledger, `待回复${unique('t')}`, day(30));
  // A reply date in the past is refused: a notice due in two seconds, which then goes unanswered.
  const late = await call<{ id: string; number: string }>(request, OFFICE, 'POST', `/tasks/${urged.id}/urgings`, {
    replyBy: new Date(Date.now() + 2_000).toISOString(),
  });
  await expect.poll(async () => (await call<{ overdue: boolean }>(request, OFFICE, 'GET', `/urgings/${late.id}`)).overdue).toBe(true);
  const asking = await registerTask(request, ledger, `待审批${unique('t')}`, day(30));
  await call(request, dept, 'POST', `/tasks/${asking.id}/extension-requests`, { deadline: day(60), reason: '需补充调研' });
  await call(request, { sub: unique('leader'), roles: ['leader'] }, 'POST', '/instructions', {
    subject: { kind: 'task', id: urged.id },
    text: `请抓紧办理${unique('批示')}`,
  });

  await page.goto('/console/');
  await signIn(page, OFFICE, ['改革办']);
  await page.getByRole('link', { name: '督办中心' }).click();
  await expect(page.getByRole('heading', { name: '督办中心' })).toBeVisible();
  const overdue = page.getByRole('region', { name: /超期任务/ });
  await expect(overdue.getByRole('link', { name: first.title })).toBeVisible();
  const urgingsLate = page.getByRole('region', { name: /未回复的催办/ });
  await expect(urgingsLate.getByRole('row', { name: new RegExp(late.number) })).toContainText('已逾期');
  await expect(page.getByRole('region', { name: /待审批的延期申请/ }).getByRole('link', { name: asking.title })).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: /未落实的批示/ })
      .getByRole('link', { name: urged.title })
      .first(),
  ).toBeVisible();

  await overdue.getByRole('checkbox', { name: `选择 ${first.title}` }).check();
  await overdue.getByRole('checkbox', { name: `选择 ${second.title}` }).check();
  const bulk = page.getByRole('form', { name: '催办' });
  await expect(bulk.getByText('已选 2 项任务')).toBeVisible();
  await bulk.getByLabel('催办内容').fill('以下任务已超期，请即报送办理情况。');
  await checkScreen(page, 'supervision-center');
  await bulk.getByRole('button', { name: '催办（2）' }).click();
  await expect(bulk.getByRole('status')).toHaveText(new RegExp(`已发出：${URGING_NUMBER.source}、${URGING_NUMBER.source}`));
  for (const t of [first, second]) {
    await expect(urgingsLate.getByRole('link', { name: t.title })).toBeVisible();
    const list = await call<{ items: Array<{ text: string }> }>(request, OFFICE, 'GET', `/urgings?taskId=${t.id}`);
    expect(list.items).toEqual([expect.objectContaining({ text: '以下任务已超期，请即报送办理情况。' })]);
  }
  await checkScreen(page, 'supervision-center-urged');
});

test('a leader reads 督办中心 without the office’s 催办, and a department is not shown it', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  await registerTask(request, ledger, `领导查看${unique('t')}`, day(-3));
  await page.goto('/console/');
  await signIn(page, { sub: unique('leader'), roles: ['leader'] }, ['领导']);
  await page.getByRole('link', { name: '督办中心' }).click();
  await expect(page.getByRole('heading', { name: '超期任务', exact: false })).toBeVisible();
  await expect(page.getByRole('form', { name: '催办' })).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await checkScreen(page, 'supervision-center-leader');
  await signOut(page);

  await page.goto('/console/');
  await signIn(page, { sub: unique('dept'), roles: ['department'], unit: ledger.unit }, ['责任单位']);
  await expect(page.getByRole('link', { name: '改革台账' })).toBeVisible();
  await expect(page.getByRole('link', { name: '督办中心' })).toHaveCount(0);
});

test('督办中心 pages a list of more than 100 by the API’s cursors, and 催办 takes ticks from several pages', async ({ page, request }) => {
  // 105 tasks registered quickly over HTTP: more than a page of 100.
  test.setTimeout(240_000);
  const SEEDED = 105;
  const ledger = await arrangeLedger(request);
  const token = await tokenFor(request, OFFICE);
  // Past, but after every other overdue task of the tier (days ago, or an hour ago for the cockpit's red list
  // of 50): the list is by deadline, so these fill the end of the first page and the second.
  const start = Date.now() - 20 * 60_000;
  const tasks: Array<{ id: string; title: string }> = [];
  for (let batch = 0; batch < SEEDED; batch += 15) {
    const made = await Promise.all(
      Array.from({ length: Math.min(15, SEEDED - batch) }, async (_, j) => {
        const i = batch + j;
        const res = await request.post('/tasks', {
          headers: { authorization: `Bearer ${token}` },
          data: {
            title: `翻页超期${String(i).padStart(3, '0')}-${unique('t')}`,
            area: 'government_services',
            specialGroup: ledger.group,
            leadUnit: ledger.unit,
            responsible: '张主任',
            evaluationStandard: '出台实施方案并落地见效',
            deadline: new Date(start + i * 1_000).toISOString(),
          },
        });
        expect(res.status(), await res.text()).toBe(201);
        return (await res.json()) as { id: string; title: string };
      }),
    );
    tasks.push(...made);
  }
  const [earliest, latest] = [tasks[0]!, tasks[SEEDED - 1]!];

  await page.goto('/console/supervision');
  await signIn(page, OFFICE, ['改革办']);
  const overdue = page.getByRole('region', { name: /超期任务/ });
  await expect(overdue.getByRole('heading', { name: '超期任务（100+）' })).toBeVisible();
  await expect(overdue.getByRole('link', { name: earliest.title })).toBeVisible();
  await expect(overdue.getByRole('link', { name: latest.title })).toHaveCount(0);
  await overdue.getByRole('checkbox', { name: `选择 ${earliest.title}` }).check();

  await overdue.getByRole('button', { name: '超期任务下一页' }).click();
  await expect(overdue.getByRole('link', { name: latest.title })).toBeVisible();
  await expect(overdue.getByRole('link', { name: earliest.title })).toHaveCount(0);
  await expect(overdue.getByRole('heading', { name: /^超期任务（\d+）$/ })).toBeVisible();
  await expect(overdue.getByRole('button', { name: '超期任务下一页' })).toBeDisabled();
  await overdue.getByRole('checkbox', { name: `选择 ${latest.title}` }).check();
  const bulk = page.getByRole('form', { name: '催办' });
  // The tick on the first page is kept while the second shows.
  await expect(bulk.getByText('已选 2 项任务')).toBeVisible();
  await checkScreen(page, 'supervision-center-page-2');

  await bulk.getByLabel('催办内容').fill('超期任务请即报送办理情况。');
  await bulk.getByRole('button', { name: '催办（2）' }).click();
  await expect(bulk.getByRole('status')).toHaveText(new RegExp(`已发出：${URGING_NUMBER.source}、${URGING_NUMBER.source}`));
  // The list stays on the page it showed.
  await expect(overdue.getByRole('link', { name: latest.title })).toBeVisible();
  for (const t of [earliest, latest]) {
    const list = await call<{ items: Array<{ text: string }> }>(request, OFFICE, 'GET', `/urgings?taskId=${t.id}`);
    expect(list.items).toEqual([expect.objectContaining({ text: '超期任务请即报送办理情况。' })]);
  }
  await overdue.getByRole('button', { name: '超期任务上一页' }).click();
  await expect(overdue.getByRole('link', { name: earliest.title })).toBeVisible();
});
