export * from './postgres';
export * from './redis';
export * from './provision';
export * from './test-cluster';
export * from './dbt';
// Type only, so the `inject('stack')` typing reaches every workspace that imports the devstack.
export type { ProvidedStack } from './vitest-global-setup';
