// The adversary's toolkit: the contract walked for string fields, canaries and hostile strings,
// a client that talks to the API through inject() or HTTP, and scanners for every store.
export * from './attacks';
export * from './canaries';
export * from './client';
export * from './report';
export * from './schema-walker';
export * from './store-scanner';
