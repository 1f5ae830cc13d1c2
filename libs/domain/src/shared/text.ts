/** `true` for anything that is not a string with a visible character: the domain's "missing". */
export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}
