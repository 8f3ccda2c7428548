// What other workspaces use of the ops CLI: the seed and staff commands (the admin's browser
// tests and `make up` seed their own stack) and the per-command environment contract (the chart's env test).
export { runSeed, seedSummaryLine, type RunSeedOptions, type SeedSummary } from './commands/seed';
export { createStaffCommand } from './commands/create-staff';
export { COMMAND_ENV, loadCommandEnv, type EnvCommand, type CommandEnv } from './env';
