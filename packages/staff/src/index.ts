export * from './password';
export * from './validate';
export * from './accounts';
