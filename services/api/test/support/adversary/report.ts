import type { CanaryCase } from './attacks';
import { targetName } from './schema-walker';
import type { Finding } from './store-scanner';

/**
 * Findings grouped as "where ← field: kinds (consent)", one line per store location and field,
 * so a failure reads as a list of leaks rather than hundreds of raw rows.
 */
export function groupFindings(findings: readonly Finding[], cases: readonly CanaryCase[]): string[] {
  const byCanary = new Map(cases.map((c) => [c.canary.id, c]));
  const groups = new Map<string, { kinds: Set<string>; example: string }>();
  for (const f of findings) {
    const c = byCanary.get(f.canary.id);
    const field = c ? `${targetName(c.target)} (${c.consent ? 'consenting' : 'non-consenting'}, API: ${c.outcome})` : 'unknown field';
    const key = `${f.where.replace(/ line \d+$/, '')} ← ${field}`;
    const g = groups.get(key) ?? { kinds: new Set<string>(), example: `${JSON.stringify(f.canary.value)} in ${JSON.stringify(f.excerpt)}` };
    g.kinds.add(f.canary.kind);
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => `${key}: ${[...g.kinds].join(', ')}; e.g. ${g.example}`).sort();
}
