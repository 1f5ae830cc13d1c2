export * from './reporting.period.js';
