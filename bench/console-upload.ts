// bench:console's upload row: a 20 MB evidence file dropped on the console's EvidenceUpload (督察整改,
// 录入整改情况), timed in the page from the drop to the file listed with its SHA-256 and SM3 and
// painted; baseline, measured in the same run: the API's raw POST /files of a file of the same
// size from Node (no browser, no console). Each file carries a fresh nonce in its PDF header so
// every upload is new bytes (files are content-addressed), the runs alternate, and the medians count.
import type { BrowserContext } from '@playwright/test';

// Size and repetitions: CONSOLE_UPLOAD_MB (default 20), CONSOLE_UPLOAD_RUNS (default 3).
const MB = Number(process.env['CONSOLE_UPLOAD_MB'] ?? 20);
const RUNS = Number(process.env['CONSOLE_UPLOAD_RUNS'] ?? 3);
const TOKEN_KEY = 'reform-console.token';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The bytes of one upload: a PDF header naming the nonce, then spaces. */
function pdfBytes(nonce: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(MB * 1024 * 1024).fill(0x20);
  bytes.set(new TextEncoder().encode(`%PDF-1.7\n% bench upload ${nonce}\n`));
  return bytes;
}

/** The API alone: POST /files of the bytes from Node, until the answer's JSON is read. */
async function rawUpload(base: string, token: string, nonce: string): Promise<number> {
  const body = new FormData();
  body.append('file', new Blob([pdfBytes(nonce)], { type: 'application/pdf' }), 'bench-upload.pdf');
  const started = performance.now();
  await json(await fetch(`${base}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body }));
  return performance.now() - started;
}

/**
 * Drops the file on the page's drop zone and answers the milliseconds until its SHA-256 is on
 * screen (the next frame after it is in the DOM). The file is built in the page, so no 20 MB
 * crosses the DevTools protocol inside the measurement.
 */
async function pageUpload(context: BrowserContext, url: string, nonce: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.getByRole('button', { name: '录入整改情况' }).click();
    await page.getByTestId('evidence-drop').waitFor();
    return await page.evaluate(
      async ({ mb, nonce: n }) => {
        const bytes = new Uint8Array(mb * 1024 * 1024).fill(0x20);
        bytes.set(new TextEncoder().encode(`%PDF-1.7\n% bench upload ${n}\n`));
        const data = new DataTransfer();
        data.items.add(new File([bytes], 'bench-upload.pdf', { type: 'application/pdf' }));
        const zone = document.querySelector('[data-testid="evidence-drop"]')!;
        const shown = new Promise<number>((resolve) => {
          const observer = new MutationObserver(() => {
            if (!/^[0-9a-f]{64}$/.test(document.querySelector('[data-testid="sha256"]')?.textContent?.trim() ?? '')) return;
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now()));
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        const started = performance.now();
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        return (await shown) - started;
      },
      { mb: MB, nonce },
    );
  } finally {
    await page.close();
  }
}

/**
 * Measures the upload row and prints it. The page is signed in as an inspector (the console's
 * token restored afterwards) on a finding of a seeded unit the inspector opens for the purpose.
 */
export async function benchUpload(context: BrowserContext, base: string): Promise<void> {
  const inspector = { sub: 'bench-inspector', roles: ['inspector'] };
  const { token } = await json<{ token: string }>(
    await fetch(`${base}/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inspector),
    }),
  );
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const units = await json<{ items: Array<{ code: string }> }>(await fetch(`${base}/units?limit=1`, { headers: auth }));
  const inspection = await json<{ id: string }>(
    await fetch(`${base}/inspections`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'bench:console 上传', targetUnit: units.items[0]!.code }),
    }),
  );
  const finding = await json<{ id: string }>(
    await fetch(`${base}/inspections/${inspection.id}/findings`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        description: 'bench:console 上传',
        severity: 'low',
        responsibleUnit: units.items[0]!.code,
        rectificationDue: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      }),
    }),
  );

  const setup = await context.newPage();
  await setup.goto(`${base}/console/dev-login`);
  const previous = await setup.evaluate(
    ([key, t]) => {
      const before = localStorage.getItem(key);
      localStorage.setItem(key, t);
      return before;
    },
    [TOKEN_KEY, token] as const,
  );
  const url = `${base}/console/inspections?inspection=${inspection.id}&finding=${finding.id}`;
  const page: number[] = [];
  const raw: number[] = [];
  try {
    // One of each first, not counted: the server's and the page's first upload pay for warming up.
    await rawUpload(base, token, `warm-raw-${Date.now()}`);
    await pageUpload(context, url, `warm-page-${Date.now()}`);
    for (let i = 0; i < RUNS; i++) {
      raw.push(await rawUpload(base, token, `raw-${i}-${Date.now()}`));
      page.push(await pageUpload(context, url, `page-${i}-${Date.now()}`));
    }
  } finally {
    await setup.evaluate(([key, before]) => (before === null ? localStorage.removeItem(key) : localStorage.setItem(key, before)), [
      TOKEN_KEY,
      previous,
    ] as const);
    await setup.close();
  }
  const p = median(page);
  const r = median(raw);
  console.log(
    `upload of a ${MB} MB file through 督察整改 (drop → listed with SHA-256 and SM3), median of ${RUNS}: ${p.toFixed(0)} ms ` +
      `(runs ${page.map((x) => x.toFixed(0)).join(', ')}); baseline, the API's raw POST /files from Node: ${r.toFixed(0)} ms ` +
      `(runs ${raw.map((x) => x.toFixed(0)).join(', ')}); ${(p / r).toFixed(2)}× baseline`,
  );
}
