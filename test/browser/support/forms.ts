import { crc32, deflateSync } from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';

// What a person does with the console's forms, as the supervision flows do it (任务详情, 督办中心, and the
// 批示 parts of the finding, matter and meeting pages): dates typed, files chosen, signing out between people.

/** The calendar day `days` from now in Beijing, as a person types it into a date field. */
export const day = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Types a day into an Element Plus date field and closes its panel, as a person does. */
export async function pickDay(page: Page, label: string, value: string, scope = page.locator('body')): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

/** Chooses a file with 选择文件 (the browser's file chooser), and waits until the form lists it as uploaded. */
export async function attach(page: Page, form: Locator, name: string, buffer: Buffer, mimeType: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await form.getByRole('button', { name: '选择文件' }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
  await expect(form.getByRole('button', { name, exact: true })).toBeVisible();
}

/** 退出, back to the development sign-in. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出' }).click();
  await page.waitForURL(/dev-login/);
}

/**
 * A real PNG (a 48×48 red square with a white band), as a phone's photo would be: a picture the page previews.
 * `note` goes into a text chunk: files are stored by their bytes, so a photo uploaded under another name needs
 * bytes of its own (the API answers the name the bytes were first uploaded with).
 */
export function photo(note = ''): Buffer {
  const size = 48;
  const rows = Array.from({ length: size }, (_, y) =>
    Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, y > 20 && y < 28 ? 0xff : 0).map((v, i) => (i % 3 === 0 ? 0xc9 : v))]),
  );
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...(note ? [chunk('tEXt', Buffer.from(`Comment\0${note}`, 'latin1'))] : []),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
