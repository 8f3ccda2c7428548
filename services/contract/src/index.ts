export * from './vocabulary';
export * from './properties';
export * from './event';
export * from './webhooks';
export * from './responses';
export * from './ids';
export * from './examples';
