import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** Where the tier saves a screenshot of every screen it visits (gitignored; CI keeps it as an artifact). */
export const SCREENSHOTS = path.resolve('test-results/browser/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** A name no other test (or earlier run on the same server) uses. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface Person {
  sub: string;
  roles: string[];
  unit?: string;
}

/** A development token from the API's own sign-in route, for arranging data over HTTP. */
export async function tokenFor(request: APIRequestContext, person: Person): Promise<string> {
  const res = await request.post('/auth/dev-token', { data: person });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** Calls the API as `person`, expecting success, and answers the JSON body. */
export async function call<T = Record<string, unknown>>(
  request: APIRequestContext,
  person: Person,
  method: 'GET' | 'POST',
  url: string,
  data?: unknown,
): Promise<T> {
  const token = await tokenFor(request, person);
  const res = await request.fetch(url, { method, headers: { authorization: `Bearer ${token}` }, ...(data !== undefined ? { data } : {}) });
  expect(res.ok(), `${method} ${url}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** Signs in (after being sent to the development sign-in page) as a person would: 用户, 单位, the role boxes, 登录. */
export async function signIn(page: Page, person: Person, roleNames: string[]): Promise<void> {
  // The page asked for sends the browser here, remembering where it was going.
  await page.waitForURL(/\/console\/dev-login/);
  await page.getByLabel('用户', { exact: true }).fill(person.sub);
  if (person.unit) await page.getByLabel('单位', { exact: true }).fill(person.unit);
  // Element Plus hides the native box and draws its own: a person clicks the role's name.
  for (const name of roleNames) {
    await page
      .locator('label.el-checkbox')
      .filter({ hasText: new RegExp(`^${name}$`) })
      .click();
    await expect(page.getByRole('checkbox', { name })).toBeChecked();
  }
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText(person.sub, { exact: true }).first()).toBeVisible();
}

/** axe-core on the page as it is: no serious or critical violation; and a screenshot of it. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    ),
  ).toEqual([]);
}

export const OFFICE: Person = { sub: 'office-clerk', roles: ['reform_office'] };
export const INSPECTOR: Person = { sub: 'inspector-li', roles: ['inspector'] };

/** A special group, a unit and what a task needs, registered by the office. */
export async function arrangeLedger(
  request: APIRequestContext,
): Promise<{ group: string; groupName: string; unit: string; unitName: string }> {
  const group = unique('g');
  const unit = unique('u');
  const groupName = `专项小组${group.slice(-4)}`;
  const unitName = `责任单位${unit.slice(-4)}`;
  await call(request, OFFICE, 'POST', '/units', { code: unit, name: unitName, level: 'department' });
  await call(request, OFFICE, 'POST', '/special-groups', { code: group, name: groupName, lead: 'group-lead', memberUnits: [unit] });
  return { group, groupName, unit, unitName };
}

/** An inspection (by {@link INSPECTOR}) of a fresh unit with one high-severity finding, the unit's department, and the finding's page. */
export async function arrangeFinding(request: APIRequestContext, description: string) {
  const ledger = await arrangeLedger(request);
  const inspection = await call<{ id: string }>(request, INSPECTOR, 'POST', '/inspections', {
    title: `专项督察：${unique('营商环境')}`,
    targetUnit: ledger.unit,
    scope: '一网通办落实情况',
  });
  const finding = await call<{ id: string }>(request, INSPECTOR, 'POST', `/inspections/${inspection.id}/findings`, {
    description,
    severity: 'high',
    responsibleUnit: ledger.unit,
    rectificationDue: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
  });
  const department: Person = { sub: unique('dept'), roles: ['department'], unit: ledger.unit };
  return {
    ...ledger,
    inspectionId: inspection.id,
    findingId: finding.id,
    department,
    url: `/console/inspections?inspection=${inspection.id}&finding=${finding.id}`,
  };
}

/** A task registered by the office; a deadline in the past makes it red (an office may migrate an old ledger). */
export async function registerTask(
  request: APIRequestContext,
  ledger: { group: string; unit: string },
  title: string,
  deadline: string,
): Promise<{ id: string; title: string }> {
  return call(request, OFFICE, 'POST', '/tasks', {
    title,
    area: 'government_services',
    specialGroup: ledger.group,
    leadUnit: ledger.unit,
    responsible: '张主任',
    evaluationStandard: '出台实施方案并落地见效',
    deadline,
    milestones: [{ title: '完成调研', due: deadline }],
  });
}

/** A countersign matter submitted by the office. */
export async function submitMatter(
  request: APIRequestContext,
  title: string,
  signers: string[],
  mode: 'all' | 'any' | 'sequential' | 'quorum',
  quorum?: number,
) {
  return call<{ id: string; title: string }>(request, OFFICE, 'POST', '/matters', {
    title,
    body: '关于深化“一网通办”改革的实施意见（送审稿），请各位委员审阅会签。',
    signers,
    mode,
    ...(quorum ? { quorum } : {}),
    deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });
}

/**
 * Moves the server's clock to `at` (it keeps ticking from there), or back to the present with `null`.
 * Only the flows of the `moved-clock` project may: their server is the one with the control (clock-control.module.ts).
 */
export async function moveClock(request: APIRequestContext, at: Date | null): Promise<void> {
  const res = await request.post('/test/clock', { data: { at: at?.toISOString() ?? null } });
  expect(res.status(), await res.text()).toBe(201);
}
