/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { arrangeFinding, call, checkScreen, INSPECTOR, signIn, tokenFor, unique } from './support/fixtures.js';
import { photo } from './support/forms.js';

// 督察整改 (CONSOLE.md): a rectifying unit submits its plan; an inspector records a rectification
// with a photo and a PDF (uploaded on the page, each shown with its SHA-256 and SM3) and verifies
// it, or sends it back with a reason; the ledger lists it.

/** A one-page PDF (the unit's signed report). */
function report(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 30 70 Td (Rectification) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = `%PDF-1.4\n% ${unique('report')}\n`;
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Chooses files with 选择文件 in the form, as a person does, and waits until each is listed with its hashes. */
async function attach(page: Page, form: ReturnType<Page['getByRole']>, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  const chooser = page.waitForEvent('filechooser');
  await form.getByRole('button', { name: '选择文件' }).click();
  await (await chooser).setFiles(files);
  for (const f of files) {
    const item = form.getByRole('listitem').filter({ hasText: f.name });
    await expect(item.getByTestId('sha256')).toHaveText(sha256(f.buffer));
    await expect(item.getByTestId('sm3')).toHaveText(/^[0-9a-f]{64}$/);
  }
}

test('a unit submits its plan; an inspector records a rectification with a photo and a PDF and verifies it (复核通过)', async ({
  browser,
  request,
}) => {
  // Two people, two sign-ins, two uploads and four axe-core runs: longer than the tier's default minute on a busy machine.
  test.slow();
  const description = `窗口办件超时未办结：${unique('f')}`;
  const f = await arrangeFinding(request, description);

  // The responsible unit: the finding as issued (下发), its light and due date; it submits its plan.
  const unitPage = await (await browser.newContext()).newPage();
  await unitPage.goto(f.url);
  await signIn(unitPage, f.department, ['责任单位']);
  await expect(unitPage.getByRole('heading', { name: '督察整改' })).toBeVisible();
  await expect(unitPage.getByTestId('finding-state')).toHaveText('下发');
  await expect(unitPage.getByRole('heading', { name: '问题详情' })).toBeVisible();
  await expect(unitPage.getByText('预警').or(unitPage.getByText('正常')).first()).toBeVisible();
  await unitPage.getByRole('button', { name: '提交整改方案' }).click();
  const planForm = unitPage.getByRole('form', { name: '提交整改方案' });
  await planForm.getByLabel('整改方案').fill('一、梳理超时件清单；二、增设帮办窗口；三、每周通报。');
  await checkScreen(unitPage, 'inspections-plan');
  await planForm.getByRole('button', { name: '提交整改方案' }).click();
  await expect(unitPage.getByTestId('finding-state')).toHaveText('整改中');
  await expect(unitPage.getByText('增设帮办窗口')).toBeVisible();
  await unitPage.context().close();

  // The inspector: records what was done with a photo and the unit's signed report, then verifies it.
  const page = await (await browser.newContext()).newPage();
  await page.goto(f.url);
  await signIn(page, INSPECTOR, ['督察']);
  await expect(page.getByTestId('finding-state')).toHaveText('整改中');
  await page.getByRole('button', { name: '录入整改情况' }).click();
  const form = page.getByRole('form', { name: '录入整改情况' });
  await form.getByLabel('整改情况说明').fill('已增设帮办窗口 2 个，超时件全部办结。');
  const png = { name: '现场照片.png', mimeType: 'image/png', buffer: photo() };
  const pdf = { name: '整改报告.pdf', mimeType: 'application/pdf', buffer: report() };
  await attach(page, form, [png, pdf]);
  await expect(form.getByRole('img', { name: png.name })).toBeVisible();
  await checkScreen(page, 'inspections-rectify');
  await form.getByRole('button', { name: '录入整改情况' }).click();
  await expect(page.getByTestId('finding-state')).toHaveText('待复核');

  // The evidence as the record cites it: both files with their hashes; the photo previewed, the PDF opened in the browser.
  const recorded = page.getByRole('list', { name: '已上传的佐证材料' });
  await expect(recorded.getByRole('img', { name: png.name })).toBeVisible();
  for (const file of [png, pdf]) {
    await expect(recorded.getByRole('listitem').filter({ hasText: file.name }).getByTestId('sha256')).toHaveText(sha256(file.buffer));
  }
  const popup = page.waitForEvent('popup');
  await recorded.getByRole('button', { name: pdf.name }).click();
  const viewer = await popup;
  await expect.poll(() => viewer.url()).toMatch(/^blob:/);
  await viewer.close();

  await page.getByRole('button', { name: '复核通过' }).click();
  const verify = page.getByRole('form', { name: '复核通过' });
  await verify.getByLabel('复核意见').fill('现场核查属实，同意销号。');
  await verify.getByRole('button', { name: '复核通过' }).click();
  await expect(page.getByTestId('finding-state')).toHaveText('销号');
  await expect(page.getByTestId('verifications')).toContainText('现场核查属实');
  await expect(page.getByRole('button', { name: '录入整改情况' })).toHaveCount(0);
  await checkScreen(page, 'inspections-verified');

  // The rectification ledger lists it as 销号, with its filters and export.
  await page.getByRole('tab', { name: '整改台账' }).click();
  await page.getByRole('textbox', { name: '关键词' }).fill(description);
  await page.getByRole('button', { name: '搜索' }).click();
  const row = page.getByRole('row').filter({ hasText: description });
  await expect(row).toContainText('销号');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/整改台账.*\.xlsx$/);
  await checkScreen(page, 'inspections-ledger');
});

test('an inspector sends a rectification back (退回) with a reason, after the API refuses it without one', async ({ page, request }) => {
  const f = await arrangeFinding(request, `政务服务事项清单未及时更新：${unique('f')}`);
  await call(request, INSPECTOR, 'POST', `/inspections/${f.inspectionId}/findings/${f.findingId}/rectifications`, {
    description: '已更新清单 12 项。',
  });
  // The refusal as the API words it (nothing is written by a refused command), to compare with the page.
  const token = await tokenFor(request, INSPECTOR);
  const refused = await request.post(`/inspections/${f.inspectionId}/findings/${f.findingId}/verify`, {
    headers: { authorization: `Bearer ${token}` },
    data: { outcome: 'rejected', comment: '' },
  });
  expect(refused.status()).toBe(400);
  const problem = (await refused.json()) as { errors: Array<{ path: string; message: string }> };

  await page.goto(f.url);
  await signIn(page, INSPECTOR, ['督察']);
  await expect(page.getByTestId('finding-state')).toHaveText('待复核');
  await page.getByRole('button', { name: '退回', exact: true }).click();
  const form = page.getByRole('form', { name: '退回' });
  await form.getByRole('button', { name: '退回', exact: true }).click();
  await expect(form.getByText(problem.errors.find((e) => e.path === 'comment')!.message).first()).toBeVisible();
  await form.getByLabel('退回理由').fill('清单仍缺 3 项，请补齐后再报。');
  await form.getByRole('button', { name: '退回', exact: true }).click();
  await expect(page.getByTestId('finding-state')).toHaveText('整改中（已退回）');
  await expect(page.getByTestId('verifications')).toContainText('退回');
  await expect(page.getByTestId('verifications')).toContainText('清单仍缺 3 项');
  await checkScreen(page, 'inspections-returned');

  // 延期 by severity, with a file dropped on the zone: the API counts what the deployment allows.
  await page.getByRole('button', { name: '延期', exact: true }).click();
  const extend = page.getByRole('form', { name: '延期' });
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await extend.getByLabel('延期至').fill(due);
  await extend.getByLabel('延期至').press('Enter');
  await page.keyboard.press('Escape');
  await extend.getByLabel('延期理由').fill('涉及跨部门数据对接。');
  const letter = report();
  const dropped = await page.evaluateHandle(
    ({ bytes, name }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
      return data;
    },
    { bytes: [...letter], name: '延期申请函.pdf' },
  );
  await extend.getByTestId('evidence-drop').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(extend.getByTestId('sha256')).toHaveText(sha256(letter));
  await extend.getByRole('button', { name: '延期', exact: true }).click();
  await expect(page.getByText('已延期 1 次')).toBeVisible();
  await expect(page.getByRole('heading', { name: '延期记录' })).toBeVisible();
});
