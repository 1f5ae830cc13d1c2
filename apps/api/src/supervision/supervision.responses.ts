// Answers of the urging and instruction routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { InstructionView, UrgingView } from '#read-models';
