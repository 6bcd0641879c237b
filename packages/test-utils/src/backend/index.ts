/*
 * Test helpers for Backstage backends (`@gradual/test-utils/backend`): apart
 * from the main entry so that frontend tests do not load them.
 */
export { sqliteDatabaseServiceFactory } from './sqliteDatabaseServiceFactory';
