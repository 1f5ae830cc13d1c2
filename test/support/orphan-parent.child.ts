/*
 * Child of orphans.e2e-spec.ts: starts one child fixture (the script in argv) the way the specs
 * do, prints its pid, and waits to be killed; the spec then checks the fixture went with it.
 */
import { Children } from './child-process.js';

const children = new Children();
const child = children.node('fixture', process.argv[2]!, {});
process.stdout.write(`${child.pid}\n`);
setInterval(() => undefined, 60_000);
