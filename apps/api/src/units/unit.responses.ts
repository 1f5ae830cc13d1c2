// Answers of the unit routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { UnitRecord, UnitRollup, UnitView } from '#read-models';
