import { shallowRef } from 'vue';
import { createI18n } from 'vue-i18n';
import elementEn from 'element-plus/es/locale/lang/en';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import { zhCN, type Messages } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
/** Element Plus's words in one language (its own type is not exported from the package's root). */
type Language = typeof zhCn;
const STORAGE_KEY = 'reform-console.locale';

/** The language chosen last time in this browser, Chinese by default. */
function rememberedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

// Only Chinese is in the first screen's bundle: most readers never switch, and English is fetched when chosen.
export const i18n = createI18n({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  // English joins the messages when chosen (setLocale); typed as both so that it may.
  messages: { 'zh-CN': zhCN } as Record<Locale, Messages>,
});

/** Element Plus's own words (pagination, date pickers) in the console's language. */
export const elementLocale = shallowRef<Language>(zhCn);

// Element Plus's own English stays static: its locale hook imports it anyway, so splitting it gains nothing.
async function loadEnglish(): Promise<Language> {
  const { en } = await import('./en');
  if (!i18n.global.availableLocales.includes('en')) i18n.global.setLocaleMessage('en', en);
  return elementEn;
}

/** Switches the console's language (loading English the first time) and remembers the choice. */
export async function setLocale(locale: Locale): Promise<void> {
  elementLocale.value = locale === 'en' ? await loadEnglish() : zhCn;
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** Puts back the language chosen last time, before the first screen shows. */
export function restoreLocale(): Promise<void> {
  return setLocale(rememberedLocale());
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}
