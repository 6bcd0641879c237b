//
export * from './Api.server';
