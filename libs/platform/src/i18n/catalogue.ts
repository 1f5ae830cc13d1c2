import type {
  Area,
  EvaluationRating,
  EvaluationStatus,
  EvaluationSubjectKind,
  ExemplarLevel,
  ExemplarStatus,
  FindingStatus,
  InstructionStatus,
  InstructionSubjectKind,
  ItemStatus,
  MatterMode,
  MatterStatus,
  ReportEvery,
  Role,
  Severity,
  SignDecision,
  TaskLight,
  TaskStatus,
  UnitLevel,
  UrgingStatus,
  VerificationOutcome,
} from '#domain';
import type { ReminderNotificationKind } from '#reminders';

type Domain = typeof import('#domain');
type ErrorTable = Extract<keyof Domain, `${string}Errors`>;

/**
 * Every stable code of the domain's `XErrors` tables (`TASK.NOT_FOUND`...), derived from the
 * tables themselves: a catalogue without a text for one of them does not compile.
 */
export type DomainErrorCode = {
  [K in ErrorTable]: Domain[K] extends Readonly<Record<string, infer C extends string>> ? C : never;
}[ErrorTable];

/**
 * A notification kind as the inbox and the channels name it (`item_overdue`): each registered
 * reminder subject's prefixes (`REMINDER_SUBJECTS` in libs/reminders) with each stage, so a
 * catalogue without the texts of a new subject does not compile.
 */
export type NotificationKind = ReminderNotificationKind;

/**
 * The words of the domain's enumerations, by enumeration and value (`area.real_economy` is
 * 实体经济): what a refusal lists beside the codes a client must send, and what the exports show.
 * Typed by the domain's own unions, so a value added there without words does not compile.
 */
export interface EnumWords {
  area: Record<Area, string>;
  taskStatus: Record<TaskStatus, string>;
  taskLight: Record<TaskLight, string>;
  role: Record<Role, string>;
  matterMode: Record<MatterMode, string>;
  matterStatus: Record<MatterStatus, string>;
  signDecision: Record<SignDecision, string>;
  severity: Record<Severity, string>;
  findingStatus: Record<FindingStatus, string>;
  verificationOutcome: Record<VerificationOutcome, string>;
  itemStatus: Record<ItemStatus, string>;
  evaluationStatus: Record<EvaluationStatus, string>;
  evaluationRating: Record<EvaluationRating, string>;
  evaluationSubjectKind: Record<EvaluationSubjectKind, string>;
  exemplarStatus: Record<ExemplarStatus, string>;
  exemplarLevel: Record<ExemplarLevel, string>;
  unitLevel: Record<UnitLevel, string>;
  urgingStatus: Record<UrgingStatus, string>;
  instructionStatus: Record<InstructionStatus, string>;
  instructionSubjectKind: Record<InstructionSubjectKind, string>;
  /** Reporting cycles (报送周期), as the export's column and a refused `every` name them. */
  reportEvery: Record<ReportEvery, string>;
}

/** One enumeration of {@link EnumWords} by name (`area`, `taskStatus`). */
export type EnumName = keyof EnumWords;

/** The title and the detail of one problem code. */
export interface ProblemText {
  /** Short, without data: what kind of refusal this is. */
  title: string;
  /** A sentence naming the data (`{{taskId}}`; times as `{{due, time}}`). */
  detail: string;
}

/** The subject (one line: inbox, message title) and the body of one notification kind. */
export interface NotificationText {
  subject: string;
  /** Markdown body for group robots and the webhook: what, whose, when due, how late, what to do. */
  text: string;
}

/**
 * One capability's texts in one language (`catalogue/<capability>.<locale>.ts`): its problem codes and its notification kinds,
 * spread into the language's {@link Catalogue}. Written with `satisfies`, so each part keeps its literal keys and the merged
 * catalogue is still checked for every domain code and notification kind.
 */
export interface CataloguePart {
  problems: Record<string, ProblemText>;
  notifications?: Partial<Record<NotificationKind, NotificationText>>;
}

/**
 * Every word the product shows people, in one language. Keys are the stable codes: problem
 * codes (`TASK.NOT_FOUND`), class-validator constraint names (`max`) and the field checks of
 * the API's own (`cursorInvalid`), and notification kinds. Interpolations are i18next's
 * `{{name}}`; `{{name, time}}` shows an ISO instant in the display time zone.
 */
export interface Catalogue {
  /**
   * Every domain code by type; the codes of the apps and the event store (`AUTH.*`, `EVENT_STORE.*`) beside them, checked by the
   * completeness spec.
   */
  problems: Record<DomainErrorCode, ProblemText> & Record<string, ProblemText>;
  /** Field messages; `{{field}}` is the field's path, `{{constraint1}}`... the rule's arguments. */
  validation: Record<string, string>;
  notifications: Record<NotificationKind, NotificationText>;
  enums: EnumWords;
  /** Fragments the renderers assemble. */
  words: {
    /** Title of a problem whose code has no text (a framework error we have not met yet), by HTTP status class. */
    clientError: string;
    serverError: string;
    /** `{{field}}` of a rule applied to each element of an array. */
    eachOf: string;
    /** Joins field messages in a validation problem's detail. */
    listSeparator: string;
    /** One allowed value of an enumeration with its words: `{{value}}` and `{{word}}` (`real_economy（实体经济）`). */
    enumValue: string;
    /** Joins allowed values in a refusal. */
    enumSeparator: string;
    day: string;
    days: string;
    hour: string;
    hours: string;
    minute: string;
    minutes: string;
    /** Between the parts of a duration (`2 天 3 小时`). */
    durationSeparator: string;
    /** The last line of a group robot's message: the reminder's `{{id}}`, by which repeats are told apart. */
    reminderReference: string;
    /** The button (DingTalk action card) or link (WeCom) that opens the reminder's subject in the console. */
    openInConsole: string;
    /** A group robot's line counting the evidence files (佐证材料) the reminded record carries: `{{count}}`. */
    evidenceCount: string;
    /**
     * What a group robot posts instead of the reminder when someone in its chat may not read what
     * the reminder is about (`robotMayName`): that a reminder waits in the system, no title.
     */
    robotWithheld: string;
  };
}
