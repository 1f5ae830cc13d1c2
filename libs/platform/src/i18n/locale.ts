/** The languages the catalogues speak; the first is the product's default. */
export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;

/** One supported language. */
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Whether a text names a supported language exactly (`zh-CN`, `en`). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The supported language a language tag falls under: any Chinese is `zh-CN`, any English `en`. */
function localeOfTag(tag: string): Locale | undefined {
  const primary = tag.toLowerCase().split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}

/**
 * The best supported match of an `Accept-Language` header (RFC 9110 §12.5.4): languages are
 * ranked by their `q` weight (default 1, `q=0` means "not this one"), earlier entries win a
 * tie, and `*` or a header naming nothing we speak gives `fallback`.
 */
export function negotiateLocale(header: string | string[] | undefined, fallback: Locale): Locale {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return fallback;
  const ranked = value
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)).find((m) => m !== null);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.tag !== '' && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag === '*') return fallback;
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return fallback;
}
