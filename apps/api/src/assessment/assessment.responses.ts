// Answers of the assessment routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { Scoreboard, UnitScore } from '#domain';
export type { EvaluationView, ExemplarView } from '#read-models';
