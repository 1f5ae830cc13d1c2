export * from './reader.js';
export * from './matter.access.js';
export * from './inspection.access.js';
export * from './meeting.access.js';
export * from './task.access.js';
export * from './robot.access.js';
export * from './instruction.access.js';
export * from './urging.access.js';
