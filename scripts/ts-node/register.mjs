// Lets plain `node --import ./scripts/ts-node/register.mjs file.ts` run the TypeScript sources
// (scripts, benchmarks, child processes in tests) with the same swc settings as the build,
// decorator metadata included, without a build step.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
