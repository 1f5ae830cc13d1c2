/** An RFC 9457 problem the API answered, thrown by every call that did not succeed. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly code: string | undefined,
    readonly errors: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(detail || title);
    this.name = 'ApiProblem';
  }

  /** The message of the field `path` names (`comment`, `milestones[0].due`), if the problem names it. */
  fieldMessage(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`))?.message;
  }

  /** Whether the problem names one of `fields` (a form shows those beside their fields, anything else as a whole). */
  namesAnyOf(fields: readonly string[]): boolean {
    return fields.some((f) => this.fieldMessage(f) !== undefined);
  }

  /** Builds the problem from an answer's body, whatever it holds. */
  static from(status: number, body: unknown): ApiProblem {
    const b = (body ?? {}) as { title?: unknown; detail?: unknown; code?: unknown; errors?: unknown };
    const errors = Array.isArray(b.errors)
      ? b.errors.filter((e): e is { path: string; message: string } => typeof e?.path === 'string' && typeof e?.message === 'string')
      : [];
    return new ApiProblem(
      status,
      typeof b.title === 'string' ? b.title : `HTTP ${status}`,
      typeof b.detail === 'string' ? b.detail : '',
      typeof b.code === 'string' ? b.code : undefined,
      errors,
    );
  }
}
