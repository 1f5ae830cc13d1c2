/*
 * An API replica for the fault specs: the product's own entry point (`apps/api/src/main.ts`),
 * configured by the environment the spec passes, in a process that exits with its parent.
 */
import './exit-with-parent.js';
import '../../apps/api/src/main.js';
