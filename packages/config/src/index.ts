export { ConfigError, parseEnv, type ParseEnvOptions } from './env';
export { documentedVariables, exampleMismatch, type ExampleMismatch } from './example';
