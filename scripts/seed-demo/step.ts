import type { SeedContext } from './context.js';

/**
 * One capability's part of the demo: `run` registers its records through `ctx` (the generated
 * client, Idempotency-Keys under its own prefix) and answers a phrase for the closing line
 * ("8 countersign matters"). A new capability is a file with one step and a line in `SEED_STEPS`.
 */
export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<string>;
}
