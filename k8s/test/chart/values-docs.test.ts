// The chart describes itself: every key of values.yaml that the schema declares
// has a comment, and the schema declares every key values.yaml sets (and the other way round),
// so neither drifts from the other.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { CHART_DIR } from './helm.js';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  definitions?: Record<string, Schema>;
}

/** Kubernetes-shaped values (selectors, resources, …): documented as a whole, not key by key. */
const KUBERNETES_SHAPES = new Set(['labelSelector', 'peer', 'namespacedPeer', 'resources', 'affinity', 'tolerations', 'stringMap', 'envList']);

const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as Schema;
const doc = parseDocument(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'));

interface Finding {
  path: string;
  problem: string;
}

function walk(map: YAMLMap, node: Schema, path: string, findings: Finding[]): void {
  const seen = new Set<string>();
  map.items.forEach((pair, index) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '?';
    const here = path ? `${path}.${key}` : key;
    seen.add(key);
    const sub = node.properties?.[key];
    if (!sub) {
      findings.push({ path: here, problem: 'not declared in values.schema.json' });
      return;
    }
    // The first key's comment belongs to the map in yaml's model.
    const comment = (isScalar(pair.key) && pair.key.commentBefore) || (index === 0 && map.commentBefore);
    if (!comment) findings.push({ path: here, problem: 'has no comment' });
    const ref = sub.$ref?.replace('#/definitions/', '');
    if (ref && KUBERNETES_SHAPES.has(ref)) return;
    const resolved = ref ? schema.definitions?.[ref] : sub;
    if (isMap(pair.value) && resolved?.properties) walk(pair.value, resolved, here, findings);
  });
  for (const key of Object.keys(node.properties ?? {})) {
    if (!seen.has(key)) findings.push({ path: path ? `${path}.${key}` : key, problem: 'declared in the schema but missing from values.yaml' });
  }
}

describe('values.yaml and values.schema.json', () => {
  const findings: Finding[] = [];
  walk(doc.contents as YAMLMap, schema, '', findings);

  it('parse', () => {
    expect(doc.errors).toEqual([]);
    expect(isMap(doc.contents)).toBe(true);
  });

  it('comment every key and declare the same keys', () => {
    expect(findings).toEqual([]);
  });

  it('reject unknown keys in every object the schema declares', () => {
    const open: string[] = [];
    const visit = (node: Schema, path: string) => {
      if (node.properties && node.additionalProperties !== false) open.push(path || '(root)');
      for (const [k, v] of Object.entries(node.properties ?? {})) visit(v, `${path}.${k}`);
    };
    visit(schema, '');
    for (const [name, def] of Object.entries(schema.definitions ?? {})) visit(def, `#/definitions/${name}`);
    expect(open).toEqual([]);
  });
});
