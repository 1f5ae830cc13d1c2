import { createHmac } from 'node:crypto';

/** What the webhook receives for one delivered reminder. */
export interface WebhookPayload {
  /** The job id: stable across retries, so a receiver can drop repeats. */
  id: string;
  kind: string;
  recipient: string;
  /** One line in the configured language, times in the display time zone. */
  subject: string;
  /** Markdown: what, whose, when due, how late, what to do. */
  text: string;
  refs: Record<string, unknown>;
  at: string;
  sentAt: string;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, the `X-Signature` header value. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A webhook answered with something other than 2xx, or could not be reached. */
export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'WebhookDeliveryError';
  }
}

/**
 * POSTs a reminder as JSON, signed with `X-Signature`. One attempt: retries with exponential
 * backoff are BullMQ's (the job's `attempts`/`backoff`), so they survive a worker restart.
 */
export async function postWebhook(url: string, secret: string, payload: WebhookPayload, timeoutMs = 5_000): Promise<void> {
  const body = JSON.stringify(payload);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signBody(body, secret), 'x-reminder-id': payload.id },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new WebhookDeliveryError(`webhook unreachable: ${(e as Error).message}`, null);
  }
  // Drain the body so the connection is reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new WebhookDeliveryError(`webhook answered ${res.status}`, res.status);
}
