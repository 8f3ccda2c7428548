/**
 * Runs once when the server starts. The Node-only work lives in instrumentation-node.ts: the
 * `NEXT_RUNTIME` test is replaced at build time, so the edge bundle never includes it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    await import('./instrumentation-node');
  }
}
