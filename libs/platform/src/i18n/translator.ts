import i18next, { type i18n } from 'i18next';
import { formatDue } from '#domain';
import type { Catalogue, EnumName, NotificationKind, ProblemText } from './catalogue.js';
import { en } from './catalogue.en.js';
import { zhCN } from './catalogue.zh-CN.js';
import { formatDisplayTime } from './display-time.js';
import { negotiateLocale, SUPPORTED_LOCALES, type Locale } from './locale.js';

/** The catalogues the product ships, one per supported language. */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { 'zh-CN': zhCN, en };

/** Values a text may name. */
export type TextParams = Readonly<Record<string, string | number | null | undefined>>;

/** What a reminder's words are made of: the domain's data, no words. */
export interface NotificationFacts {
  /** What: the item's or matter's title, the finding's description. */
  title: string;
  /** Whose: the item's owner, the signer awaited, the finding's responsible unit. */
  owner: string;
  /** When due (ISO 8601). */
  due: string;
  /** The calendar date `due` is the end of, when the deadline was given as a date: shown instead of the time. */
  dueDate?: string | null;
  /** When the reminder is for (ISO 8601); "how late" and "how long left" are measured from it to `due`. */
  at: string;
}

/** A rendered notification. */
export interface RenderedNotification {
  subject: string;
  text: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The product's words, from the catalogues through one i18next instance: problem titles and
 * details keyed by the stable code, field messages keyed by the validation rule, notification
 * subjects and texts keyed by the notification kind. Times inside text are shown in the display
 * time zone as `YYYY-MM-DD HH:mm` (the catalogues write `{{due, time}}`).
 */
export class Translator {
  private readonly i18n: i18n;
  /** Set while rendering when a text names a value the caller did not give. */
  private missingValue = false;

  constructor(
    readonly defaultLocale: Locale,
    readonly timeZone: string,
    private readonly catalogues: Readonly<Record<Locale, Catalogue>> = CATALOGUES,
  ) {
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      initAsync: false,
      lng: defaultLocale,
      fallbackLng: false,
      supportedLngs: [...SUPPORTED_LOCALES],
      // Codes contain dots (`TASK.NOT_FOUND`): keys are flat, namespaces say what a key is.
      keySeparator: false,
      nsSeparator: false,
      ns: ['title', 'detail', 'validation', 'subject', 'text', 'words'],
      resources: Object.fromEntries(SUPPORTED_LOCALES.map((lng) => [lng, resourcesOf(this.catalogues[lng])])),
      interpolation: { escapeValue: false },
      missingInterpolationHandler: () => {
        this.missingValue = true;
        return '';
      },
      returnNull: false,
    });
    this.i18n.services.formatter?.add('time', (value: unknown) =>
      typeof value === 'string' ? formatDisplayTime(value, this.timeZone) : String(value ?? ''),
    );
  }

  /** The supported language that best matches an `Accept-Language` header, else the default. */
  negotiate(acceptLanguage: string | string[] | undefined): Locale {
    return negotiateLocale(acceptLanguage, this.defaultLocale);
  }

  /** An instant as people read it, in the display time zone. */
  time(iso: string): string {
    return formatDisplayTime(iso, this.timeZone);
  }

  /** Whether the catalogues have a text for a problem code. */
  hasProblem(code: string): boolean {
    return code in this.catalogues[this.defaultLocale].problems;
  }

  /**
   * A problem's title and detail for its code. A detail naming a value the caller did not
   * give (a refusal raised without its data) falls back to the title, never to a sentence with
   * a hole in it. `null` for a code without text.
   */
  problem(code: string, params: TextParams, locale: Locale): ProblemText | null {
    if (!this.hasProblem(code)) return null;
    const title = this.i18n.t(code, { ns: 'title', lng: locale });
    return { title, detail: this.render('detail', code, params, locale) ?? title };
  }

  /** The title for a status whose code has no text of its own. */
  fallbackTitle(status: number, locale: Locale): string {
    return this.word(status >= 500 ? 'serverError' : 'clientError', {}, locale);
  }

  /**
   * A field message for a validation rule (`max`, `isDateTime`, `cursorInvalid`), naming the
   * field by its path and the rule's arguments as `constraint1`, `constraint2`...; `each` for a
   * rule applied to every element of an array.
   */
  fieldMessage(rule: string, params: TextParams & { field: string }, locale: Locale, each = false): string | null {
    if (!(rule in this.catalogues[locale].validation)) return null;
    const field = each ? this.word('eachOf', { field: params.field }, locale) : params.field;
    return (
      this.render('validation', rule, { ...params, field }, locale) ??
      this.i18n.t(rule, { ns: 'validation', lng: locale, ...params, field })
    );
  }

  /** The words of one value of an enumeration (`area`, `real_economy` → 实体经济), or null for a value without words. */
  enumWord(name: EnumName, value: string, locale: Locale = this.defaultLocale): string | null {
    const words: Readonly<Record<string, string>> = this.catalogues[locale].enums[name];
    return Object.hasOwn(words, value) ? words[value]! : null;
  }

  /**
   * Allowed values of an enumeration as a refusal lists them: each code a client sends, with its
   * words beside it (`real_economy（实体经济）、agriculture_rural（农业农村）`).
   */
  enumValues(name: EnumName, values: readonly string[], locale: Locale): string {
    const one = (value: string) => {
      const word = this.enumWord(name, value, locale);
      return word === null ? value : this.word('enumValue', { value, word }, locale);
    };
    return values.map(one).join(this.word('enumSeparator', {}, locale));
  }

  /** Joins field messages for a validation problem's detail. */
  list(items: string[], locale: Locale): string {
    return items.join(this.word('listSeparator', {}, locale));
  }

  /** A reminder's subject and text: what, whose, when due, and how late or how long left. */
  notification(kind: NotificationKind, facts: NotificationFacts, locale: Locale = this.defaultLocale): RenderedNotification {
    const gap = Date.parse(facts.due) - Date.parse(facts.at);
    const values = {
      title: facts.title,
      owner: facts.owner,
      due: formatDue({ at: facts.due, date: facts.dueDate }, this.timeZone),
      left: this.duration(Math.max(0, gap), locale),
      late: this.duration(Math.max(0, -gap), locale),
    };
    return {
      subject: this.i18n.t(kind, { ns: 'subject', lng: locale, ...values }),
      text: this.i18n.t(kind, { ns: 'text', lng: locale, ...values }),
    };
  }

  /** A group robot's line counting the evidence files of the reminded record. */
  evidenceCount(count: number, locale: Locale = this.defaultLocale): string {
    return this.word('evidenceCount', { count }, locale);
  }

  /** The line a group robot's message ends with, naming the reminder's id. */
  reminderReference(id: string, locale: Locale = this.defaultLocale): string {
    return this.word('reminderReference', { id }, locale);
  }

  /** The words of the button that opens a reminder's subject in the console (立即办理). */
  openInConsole(locale: Locale = this.defaultLocale): string {
    return this.word('openInConsole', {}, locale);
  }

  /** What a group robot posts in place of a reminder some of its chat's readers may not read. */
  robotWithheld(locale: Locale = this.defaultLocale): string {
    return this.word('robotWithheld', {}, locale);
  }

  /** Whether a text is a notification kind the catalogues know. */
  isNotificationKind(kind: string): kind is NotificationKind {
    return kind in this.catalogues[this.defaultLocale].notifications;
  }

  /** `2 天 3 小时`, `45 minutes`: the two largest units, rounded down; at least one minute. */
  duration(ms: number, locale: Locale): string {
    const days = Math.floor(ms / DAY);
    const hours = Math.floor((ms % DAY) / HOUR);
    const minutes = Math.max(days === 0 && hours === 0 ? 1 : 0, Math.floor((ms % HOUR) / MINUTE));
    const part = (count: number, one: 'day' | 'hour' | 'minute', many: 'days' | 'hours' | 'minutes') =>
      this.word(count === 1 ? one : many, { count }, locale);
    const parts =
      days > 0
        ? [part(days, 'day', 'days'), ...(hours > 0 ? [part(hours, 'hour', 'hours')] : [])]
        : hours > 0
          ? [part(hours, 'hour', 'hours'), ...(minutes > 0 ? [part(minutes, 'minute', 'minutes')] : [])]
          : [part(minutes, 'minute', 'minutes')];
    return parts.join(this.word('durationSeparator', {}, locale));
  }

  private word(key: keyof Catalogue['words'], params: TextParams, locale: Locale): string {
    return this.i18n.t(key, { ns: 'words', lng: locale, ...params });
  }

  /** One text, or null when it names a value `params` lacks. */
  private render(ns: 'title' | 'detail' | 'validation', key: string, params: TextParams, locale: Locale): string | null {
    this.missingValue = false;
    const text = this.i18n.t(key, { ns, lng: locale, ...params });
    return this.missingValue ? null : text;
  }
}

function resourcesOf(c: Catalogue) {
  const problems = Object.entries(c.problems);
  return {
    title: Object.fromEntries(problems.map(([code, p]) => [code, p.title])),
    detail: Object.fromEntries(problems.map(([code, p]) => [code, p.detail])),
    validation: c.validation,
    subject: Object.fromEntries(Object.entries(c.notifications).map(([kind, n]) => [kind, n.subject])),
    text: Object.fromEntries(Object.entries(c.notifications).map(([kind, n]) => [kind, n.text])),
    words: c.words,
  };
}
