import {
  channelsOf,
  consoleLink,
  robotBody,
  robotCopyKey,
  routeFor,
  routesNameUnits,
  signedDingTalkUrl,
  type ChannelTargets,
  type NotifyRoutes,
} from './channels.js';
import { plannedReminderKeyOf, reminderJobId } from './reminder-jobs.js';

const robot = (name: string): ChannelTargets => ({
  dingtalk: { url: `https://oapi.dingtalk.com/robot/send?access_token=${name}`, secret: `SEC${name}` },
});

describe('routeFor', () => {
  const defaults: ChannelTargets = { wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=default' } };
  const routes: NotifyRoutes = { 'li-ming': robot('li-ming'), 'unit:roads': robot('roads'), 'unit:transport': robot('transport') };

  it("takes the recipient's own route, then its unit's, then the defaults", () => {
    expect(routeFor(routes, defaults, { recipient: 'li-ming', unit: 'roads' })).toEqual(robot('li-ming'));
    expect(routeFor(routes, defaults, { recipient: 'wang-fang', unit: 'roads' })).toEqual(robot('roads'));
    // A unit's shared inbox is its own key.
    expect(routeFor(routes, defaults, { recipient: 'unit:transport' })).toEqual(robot('transport'));
    expect(routeFor(routes, defaults, { recipient: 'wang-fang', unit: 'health' })).toEqual(defaults);
    expect(routeFor(routes, defaults, { recipient: 'wang-fang' })).toEqual(defaults);
  });

  it('sends everyone else to `*` when the file has it, instead of the defaults', () => {
    expect(routeFor({ ...routes, '*': robot('all') }, defaults, { recipient: 'wang-fang', unit: 'health' })).toEqual(robot('all'));
  });

  describe('up the tree of units', () => {
    // A community (yuquan) in a street (laoshan) in a district (shijingshan) in the city (beijing).
    const tree = { recipient: 'unit:yuquan', unit: 'yuquan', ancestors: ['laoshan', 'shijingshan', 'beijing'] };
    const city: NotifyRoutes = { 'unit:beijing': robot('beijing') };
    const district: NotifyRoutes = { ...city, 'unit:shijingshan': robot('shijingshan') };
    const street: NotifyRoutes = { ...district, 'unit:laoshan': robot('laoshan') };

    it("takes the unit's own route before any ancestor's", () => {
      expect(routeFor({ ...street, 'unit:yuquan': robot('yuquan') }, defaults, { ...tree, recipient: 'zhao-lei' })).toEqual(
        robot('yuquan'),
      );
    });

    it('takes the nearest routed ancestor: the parent, else the grandparent, else further up', () => {
      expect(routeFor(street, defaults, tree)).toEqual(robot('laoshan'));
      expect(routeFor(district, defaults, tree)).toEqual(robot('shijingshan'));
      expect(routeFor(city, defaults, tree)).toEqual(robot('beijing'));
    });

    it('falls back to `*`, then to the defaults, when no unit up the tree is routed', () => {
      expect(routeFor({ 'unit:haidian': robot('haidian'), '*': robot('all') }, defaults, tree)).toEqual(robot('all'));
      expect(routeFor({ 'unit:haidian': robot('haidian') }, defaults, tree)).toEqual(defaults);
    });

    it("lets the recipient's own route beat its unit's and every ancestor's", () => {
      expect(
        routeFor({ ...street, 'unit:yuquan': robot('yuquan'), 'zhao-lei': robot('zhao-lei') }, defaults, {
          ...tree,
          recipient: 'zhao-lei',
        }),
      ).toEqual(robot('zhao-lei'));
    });

    it('walks no ancestors of a reminder that chases no unit', () => {
      expect(routeFor(street, defaults, { recipient: 'zhao-lei', ancestors: ['laoshan'] })).toEqual(defaults);
    });
  });

  it('does not take an inherited property for a route', () => {
    expect(routeFor(routes, defaults, { recipient: 'constructor', unit: 'toString' })).toEqual(defaults);
  });
});

describe('routesNameUnits', () => {
  it('is true only when some key of the file is a unit', () => {
    expect(routesNameUnits({})).toBe(false);
    expect(routesNameUnits({ 'li-ming': robot('li-ming'), '*': robot('all') })).toBe(false);
    expect(routesNameUnits({ 'li-ming': robot('li-ming'), 'unit:roads': robot('roads') })).toBe(true);
  });
});

describe('channelsOf', () => {
  it('lists the channels a route sets', () => {
    expect(channelsOf({})).toEqual([]);
    expect(channelsOf({ ...robot('x'), webhook: { url: 'https://hooks.example/x', secret: 'a-secret-of-16-chars' } })).toEqual([
      'webhook',
      'dingtalk',
    ]);
  });
});

const SIGN = 'jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=';

describe('signedDingTalkUrl', () => {
  it('keeps the access token and adds the timestamp and the URL-encoded sign', () => {
    // HMAC-SHA256 keyed by "SECabc" over "1700000000000\nSECabc", in base64, as computed by
    // `printf '1700000000000\nSECabc' | openssl dgst -sha256 -hmac SECabc -binary | base64`.
    const url = new URL(signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=tok', 'SECabc', 1_700_000_000_000));
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe(SIGN);
    expect(url.search).toContain(`&sign=${encodeURIComponent(SIGN)}`);
  });
});

describe('robotCopyKey', () => {
  const planned = { key: 'item_m1_i1_v1_overdue1' };
  const [owner, office] = [reminderJobId(planned, 'li-ming'), reminderJobId(planned, 'reform-office')];

  it('is one per planned reminder and robot, whoever the recipient', () => {
    expect(plannedReminderKeyOf(owner)).toBe(planned.key);
    expect(plannedReminderKeyOf(office)).toBe(planned.key);
    const key = robotCopyKey('dingtalk', robot('roads'), plannedReminderKeyOf(owner));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(robotCopyKey('dingtalk', robot('roads'), plannedReminderKeyOf(office))).toBe(key);
    expect(robotCopyKey('dingtalk', robot('transport'), planned.key)).not.toBe(key);
    expect(robotCopyKey('dingtalk', robot('roads'), 'item_m1_i1_v1_due')).not.toBe(key);
  });

  it('is none for the webhook, which is told each recipient', () => {
    expect(
      robotCopyKey('webhook', { webhook: { url: 'https://hooks.example/x', secret: 'a-secret-of-16-chars' } }, planned.key),
    ).toBeNull();
  });
});

describe('deep links into the console', () => {
  const url = 'https://ledger.example.gov.cn/';

  it('links each subject to its console page, and nothing without PUBLIC_URL', () => {
    expect(consoleLink(url, { matterId: 'm 1', title: '会签' })).toBe('https://ledger.example.gov.cn/console/matters/m%201');
    expect(consoleLink(url, { taskId: 't1', milestoneId: 'ms1' })).toBe('https://ledger.example.gov.cn/console/tasks/t1');
    expect(consoleLink(url, { inspectionId: 'i1', findingId: 'f1' })).toBe(
      'https://ledger.example.gov.cn/console/inspections/i1?finding=f1',
    );
    expect(consoleLink(url, { meetingId: 'mt1', itemId: 'it1' })).toBe('https://ledger.example.gov.cn/console/meetings/mt1?item=it1');
    expect(consoleLink(url, { evaluationId: 'e1' })).toBe('https://ledger.example.gov.cn/console/');
    expect(consoleLink(undefined, { matterId: 'm1' })).toBeNull();
  });

  it('sends DingTalk an action card whose button opens the page, WeCom markdown ending with the link', () => {
    const robotText = {
      title: '会签提醒',
      markdown: '请于今日 18:00 前会签',
      link: { url: 'https://x/console/matters/m1', label: '立即办理' },
    };
    expect(robotBody('dingtalk', robotText)).toEqual({
      msgtype: 'actionCard',
      actionCard: { title: '会签提醒', text: '请于今日 18:00 前会签', singleTitle: '立即办理', singleURL: 'https://x/console/matters/m1' },
    });
    expect(robotBody('wecom', robotText)).toEqual({
      msgtype: 'markdown',
      markdown: { content: '请于今日 18:00 前会签\n\n[立即办理](https://x/console/matters/m1)' },
    });
    const plain = { title: '会签提醒', markdown: '请会签' };
    expect(robotBody('dingtalk', plain)).toEqual({ msgtype: 'markdown', markdown: { title: '会签提醒', text: '请会签' } });
    expect(robotBody('wecom', plain)).toEqual({ msgtype: 'markdown', markdown: { content: '请会签' } });
  });
});
