export * from './postgres';
export * from './redis';
export * from './provision';
export * from './test-cluster';
export * from './dbt';
