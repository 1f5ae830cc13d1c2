/** Duration formats and value transforms shared by the configuration's areas (`*.config.ts`). */

/** A duration: digits and an optional unit (`ms`, `s`, `m`, `h`, `d`). */
export const DURATION = /^\d+(ms|s|m|h|d)?$/;
/** A duration above zero. */
export const POSITIVE_DURATION = /^[1-9]\d*(ms|s|m|h|d)?$/;
/** Comma-separated durations (`72h,24h,0`). */
export const DURATION_LIST = /^\s*\d+(ms|s|m|h|d)?(\s*,\s*\d+(ms|s|m|h|d)?)*\s*$/;

/** An integer variable: empty or unset is left to the default. */
export const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
/** A boolean variable (`true` or `1`): empty or unset is left to the default. */
export const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1';
/** An optional variable: empty is unset. */
export const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
