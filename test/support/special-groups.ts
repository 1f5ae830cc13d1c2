import type { TestApp } from './test-app.js';

/**
 * Registers special groups under `codes` (as the reform office) so that specs can register
 * tasks naming them: a task must name a registered group. Codes already registered are left
 * as they are, so specs may call this for every group they use.
 */
export async function registerSpecialGroups(t: TestApp, codes: readonly string[]): Promise<void> {
  const office = await t.token('group-registrar', ['reform_office']);
  for (const code of codes) {
    const res = await t.request('POST', '/special-groups', {
      token: office,
      body: { code, name: `专项小组 ${code}`, lead: `lead-of-${code}`, memberUnits: [] },
    });
    if (res.status !== 201 && !(res.status === 409 && res.body?.code === 'SPECIAL_GROUP.ALREADY_EXISTS')) {
      throw new Error(`registering special group ${code}: ${res.status} ${res.text}`);
    }
  }
}
