import { eventually, startReminderApp, startWebhookReceiver, type ReminderApp } from './support/reminder-harness.js';
import { startStubRobot, type StubRobot } from './support/robot-stubs.js';

// With PUBLIC_URL set, a reminder carries its subject's console page on every channel: the inbox
// entry's refs, the webhook body, DingTalk's action card button and the end of WeCom's markdown.

const PUBLIC_URL = 'https://ledger.example.gov.cn';
const WEBHOOK_SECRET = 'webhook-secret-0123456789';

describe('deep links from reminders', () => {
  let t: ReminderApp;
  let dingtalk: StubRobot;
  let wecom: StubRobot;
  let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    dingtalk = await startStubRobot('/robot/send?access_token=links');
    wecom = await startStubRobot('/cgi-bin/webhook/send?key=links');
    webhook = await startWebhookReceiver(WEBHOOK_SECRET, () => 204);
    t = await startReminderApp({
      REMINDER_OFFSETS: '0',
      REMINDER_ESCALATE_MAX: '0',
      PUBLIC_URL,
      NOTIFY_DINGTALK_URL: dingtalk.url,
      NOTIFY_DINGTALK_SECRET: 'SEClinks0123456789',
      NOTIFY_WECOM_URL: wecom.url,
      NOTIFY_WEBHOOK_URL: webhook.url,
      NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
  });
  afterAll(async () => {
    await t?.shutdown();
    for (const stub of [dingtalk, wecom, webhook]) await stub?.close();
  });

  it('gives every channel the meeting item’s console page', async () => {
    const { meetingId, itemId } = await t.addItem('link-owner', 300, '报送联席会议议定事项落实情况');
    const link = `${PUBLIC_URL}/console/meetings/${meetingId}?item=${itemId}`;
    await eventually(async () => dingtalk.accepted().length > 0 && wecom.accepted().length > 0 && webhook.hits.length > 0);

    const card = dingtalk.accepted()[0]!.body;
    expect(card.msgtype).toBe('actionCard');
    expect(card.actionCard.singleURL).toBe(link);
    expect(card.actionCard.singleTitle).toBe('立即办理');
    expect(card.actionCard.title).toContain('报送联席会议议定事项落实情况');
    expect(wecom.accepted()[0]!.body.markdown.content).toMatch(new RegExp(`\\[立即办理\\]\\(${link.replace(/[?.]/g, '\\$&')}\\)$`));
    expect((webhook.hits[0]!.body as { link?: string }).link).toBe(link);
    const inbox = await eventually(async () => {
      const items = await t.inbox('link-owner');
      return items.length > 0 && items;
    });
    expect(inbox[0].refs.link).toBe(link);
  });
});
