/** The variables an `.env.example` documents: every `NAME=` line, in order. */
export function documentedVariables(example: string): string[] {
  return [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

export interface ExampleMismatch {
  /** Read by the deployable, missing from its `.env.example`. */
  undocumented: string[];
  /** In the `.env.example`, read by neither the deployable's schema nor the listed others. */
  unread: string[];
}

/**
 * Compares a deployable's `.env.example` with the variables its schema reads. `others` are
 * documented variables another reader owns (the runtime's PORT, a client library's KUBECONFIG);
 * naming them here keeps a stray line from passing for one of them.
 */
export function exampleMismatch(example: string, read: Iterable<string>, others: readonly string[] = []): ExampleMismatch {
  const documented = new Set(documentedVariables(example));
  const names = new Set(read);
  const known = new Set([...names, ...others]);
  return {
    undocumented: [...names].filter((name) => !documented.has(name)),
    unread: [...documented].filter((name) => !known.has(name)),
  };
}
