import type { SeedStep } from './step.js';

/** The committee members who sign the demo's matters and attend its meeting (demo-member is the one to sign in as). */
export const MEMBERS = ['demo-member', 'demo-member-2', 'demo-member-3', 'demo-member-4', 'demo-member-5'];

/** A joint meeting (联席会议) with action items (one done, one of demo-member's, one late), minutes and its decision. */
export const meetingsStep: SeedStep = {
  name: 'meetings',
  async run(ctx) {
    const { office, calendar: cal } = ctx;
    const key = (step: string) => `meeting:${step}`;
    const schedule = { title: '市委深改委第十二次联席会议', scheduledAt: cal.pastDay(10), attendees: MEMBERS };
    const meeting = await ctx.send(office, key('schedule'), (api) => api.POST('/meetings', { body: schedule }));
    const params = { path: { id: meeting.id } };
    const items = [
      {
        title: '牵头制定“一网通办”事项清单',
        owner: 'demo-市政务服务和数字化建设管理局',
        ownerUnit: '市政务服务和数字化建设管理局',
        deadline: cal.deadline(20),
      },
      { title: '研究提出议事协调机构撤并意见', owner: 'demo-member', ownerUnit: '市委改革办', deadline: cal.deadline(10) },
      { title: '报送老旧小区改造资金保障方案', owner: 'demo-市财政局', ownerUnit: '市财政局', deadline: cal.deadline(-5) },
    ];
    const added = [];
    for (const [i, body] of items.entries())
      added.push(await ctx.send(office, key(`item:${i}`), (api) => api.POST('/meetings/{id}/items', { params, body })));
    const done = { path: { id: meeting.id, itemId: added[0]!.id } };
    await ctx.send(office, key('item:0:complete'), (api) =>
      api.POST('/meetings/{id}/items/{itemId}/complete', { params: done, body: { note: '事项清单已印发' } }),
    );
    const minutes = '会议听取了政务服务改革进展汇报，研究了议事协调机构撤并和老旧小区改造资金保障事项，明确了责任单位和完成时限。';
    await ctx.send(office, key('conclude'), (api) => api.POST('/meetings/{id}/conclude', { params, body: { minutes } }));
    const decision = {
      title: '关于推进议事协调机构规范管理的决定',
      content: '会议决定对议事协调机构进行清理规范，由市委改革办牵头提出方案。',
      meetingId: meeting.id,
      decidedAt: cal.pastDay(10),
    };
    await ctx.send(office, key('decision'), (api) => api.POST('/decisions', { body: decision }));
    return `a joint meeting with ${items.length} action items, minutes and a decision`;
  },
};
