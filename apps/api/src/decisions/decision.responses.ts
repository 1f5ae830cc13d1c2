// Answers of the decision routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { DecisionView } from '#read-models';
