export { rolloutsApiRef } from './RolloutsApi';
export type { RolloutsApi, EntityName } from './RolloutsApi';
export { RolloutsClient } from './RolloutsClient';
