import { createI18n } from 'vue-i18n';
import { en } from './en';
import { zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'reform-console.locale';

/** The language chosen last time in this browser, Chinese by default. */
function rememberedLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: rememberedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the console's language and remembers the choice. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}
