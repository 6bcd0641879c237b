/**
 * Shared types, permissions and the pure status model of the Gradual Rollouts plugins.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './model';
export * from './actions';
export * from './strategy';
export * from './policy';
export * from './config';
export * from './analysisDryRun';
export * from './wait';
export * from './deliveries';
export * from './gitops';
export * from './apiClient';
