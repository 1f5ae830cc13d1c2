/// <reference lib="dom" />
import { expect, test, type Locator, type Page } from '@playwright/test';
import { samplePdf } from '../../libs/platform/src/files/sample-files.fixture.js';
import { arrangeFinding, arrangeLedger, call, checkScreen, OFFICE, signIn, submitMatter, unique, type Person } from './support/fixtures.js';
import { attach, day, photo, pickDay, signOut } from './support/forms.js';

// 领导批示 on the record's own page (CONSOLE.md, 督办中心 row: 批示, 落实情况): a leader instructs on a
// finding, a matter or a meeting item where the record is read; the unit that answers for it (the office
// for a matter, which has no unit) reports 落实情况 with files; who reads them is the API's to say.

const leader = (): Person => ({ sub: unique('leader'), roles: ['leader'] });

/** The leader writes an instruction in `part` (the record's 领导批示) and sees it waiting for the unit. */
async function instruct(page: Page, part: Locator, text: string) {
  await part.getByRole('button', { name: '批示', exact: true }).click();
  const give = part.getByRole('form', { name: '批示' });
  await give.getByLabel('批示内容').fill(text);
  await pickDay(page, '反馈期限', day(7), give);
  await give.getByRole('button', { name: '批示' }).click();
  await expect(part.getByText('待落实')).toBeVisible();
  await expect(part.getByText(text)).toBeVisible();
  // Giving is the leader's; answering is the unit's.
  await expect(part.getByRole('button', { name: '落实情况', exact: true })).toHaveCount(0);
}

/** The unit answers 落实情况 in `part` with a PDF and a photo, and sees the answer with its files. */
async function answer(page: Page, part: Locator, text: string) {
  await expect(part.getByRole('button', { name: '批示', exact: true })).toHaveCount(0);
  await part.getByRole('button', { name: '落实情况' }).click();
  const respond = part.getByRole('form', { name: '落实情况' });
  await respond.getByLabel('落实情况').fill(text);
  await attach(page, respond, '落实情况报告.pdf', samplePdf(unique('报告')), 'application/pdf');
  await attach(page, respond, '整改现场.png', photo(unique('photo')), 'image/png');
  await respond.getByRole('button', { name: '落实情况', exact: true }).click();
  await expect(part.getByText('已反馈')).toBeVisible();
  await expect(part.getByText(text)).toBeVisible();
  await expect(part.getByRole('button', { name: '落实情况报告.pdf', exact: true })).toBeVisible();
  // The photo is previewed: the picture itself, read back from the API, not its name in place of it.
  const preview = part.getByRole('img', { name: '整改现场.png' });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
}

test('a leader’s instruction on a finding is answered by its responsible unit with files', async ({ page, request }) => {
  const f = await arrangeFinding(request, `窗口办事指南与实际要求不一致：${unique('f')}`);
  const boss = leader();

  await page.goto(f.url);
  await signIn(page, boss, ['领导']);
  const finding = page.getByRole('article', { name: '问题详情' });
  const part = finding.getByRole('region', { name: '领导批示' });
  await instruct(page, part, '请责任单位举一反三，全面梳理办事指南，两周内报送整改落实情况。');
  await checkScreen(page, 'instruction-finding-given');
  await signOut(page);

  await page.goto(f.url);
  await signIn(page, f.department, ['责任单位']);
  await answer(page, part, '已全面梳理办事指南 126 项，修订 18 项，已在政务服务网更新。');
  await checkScreen(page, 'instruction-finding-answered');

  const [given] = (
    await call<{ items: Array<{ status: string; responses: Array<{ by: string }> }> }>(
      request,
      OFFICE,
      'GET',
      `/instructions?subjectKind=finding&subjectId=${f.findingId}`,
    )
  ).items;
  expect(given).toEqual(expect.objectContaining({ status: 'answered', responses: [expect.objectContaining({ by: f.department.sub })] }));
});

test('a leader’s instruction on a matter is answered by the office; a signer does not read it', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  // A unit's head who signs: reads the matter, not the leaders' instructions on it (a matter has no unit).
  const signer: Person = { sub: unique('signer'), roles: ['department'], unit: ledger.unit };
  const matter = await submitMatter(request, `会签：${unique('批示事项')}`, [signer.sub], 'all');
  const boss = leader();

  await page.goto(`/console/matters/${matter.id}`);
  await signIn(page, boss, ['领导']);
  const part = page.getByRole('region', { name: '领导批示' });
  await instruct(page, part, '此事项涉及多部门职责调整，请改革办牵头协调后再提交会签。');
  await checkScreen(page, 'instruction-matter-given');
  await signOut(page);

  await page.goto(`/console/matters/${matter.id}`);
  await signIn(page, signer, ['责任单位']);
  await expect(page.getByTestId('matter-title')).toHaveText(matter.title);
  await expect(page.getByRole('button', { name: '同意', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: '领导批示' })).toHaveCount(0);
  await expect(page.getByText('此事项涉及多部门职责调整')).toHaveCount(0);
  await signOut(page);

  await page.goto(`/console/matters/${matter.id}`);
  await signIn(page, OFFICE, ['改革办']);
  await answer(page, part, '已召开部门协调会，职责分工已明确，修改稿附后。');
  await checkScreen(page, 'instruction-matter-answered');
});

test('a leader’s instruction on a meeting item is answered by the owner’s unit', async ({ page, request }) => {
  const ledger = await arrangeLedger(request);
  const owner: Person = { sub: unique('owner'), roles: ['department'], unit: ledger.unit };
  const meeting = await call<{ id: string }>(request, OFFICE, 'POST', '/meetings', {
    title: `联席会议${unique('m')}`,
    scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
    attendees: ['office-clerk'],
  });
  const itemTitle = `制定配套细则${unique('i')}`;
  const other = `其他事项${unique('i')}`;
  for (const title of [itemTitle, other]) {
    const item = { title, owner: owner.sub, ownerUnit: ledger.unit, deadline: day(20) };
    await call(request, OFFICE, 'POST', `/meetings/${meeting.id}/items`, item);
  }

  await page.goto(`/console/meetings/${meeting.id}`);
  await signIn(page, leader(), ['领导']);
  const item = page.getByRole('listitem', { name: itemTitle });
  const part = item.getByRole('region', { name: '领导批示' });
  await instruct(page, part, '配套细则要广泛征求企业意见，月底前出台。');
  // Each item has its own: the other's is still empty.
  await expect(page.getByRole('listitem', { name: other }).getByText('配套细则要广泛征求企业意见')).toHaveCount(0);
  await checkScreen(page, 'instruction-meeting-item-given');
  await signOut(page);

  await page.goto(`/console/meetings/${meeting.id}`);
  await signIn(page, owner, ['责任单位']);
  await answer(page, part, '已书面征求 32 家企业意见，细则送审稿已形成。');
  // Nothing given on the other item, and a unit gives none: no part for it.
  await expect(page.getByRole('listitem', { name: other }).getByRole('region', { name: '领导批示' })).toHaveCount(0);
  await checkScreen(page, 'instruction-meeting-item-answered');
});
