// Answers of the extension-request routes; their OpenAPI schemas are generated from these types (npm run api-client).

export type { TaskExtensionRequest } from '#domain';
