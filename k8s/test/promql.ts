// Metric names referenced by a PromQL expression, found by elimination: drop everything that
// cannot be a metric name (strings, label matchers, ranges, label lists, numbers, keywords,
// function calls) and what is left are the selectors' names. promtool has already proved the
// expression parses, so this only has to be right for valid PromQL.

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'bool', 'offset', 'inf', 'nan',
]);

export function metricNames(expr: string): string[] {
  const names = new Set<string>();

  // {__name__="x"} names a metric through a label; a regex there cannot be checked by name.
  for (const m of expr.matchAll(/__name__\s*(=~|!~|!=|=)\s*"([^"]*)"/g)) {
    if (m[1] !== '=') throw new Error(`cannot check a __name__ ${m[1]} matcher: ${expr}`);
    names.add(m[2] ?? '');
  }

  const rest = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/#.*$/gm, ' ')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ')
    .replace(/\boffset\s+-?[0-9a-z]+/gi, ' ')
    .replace(/@\s*(start|end)\s*\(\s*\)|@\s*[0-9.]+/g, ' ')
    .replace(/(?<![\w:.])(0x[0-9a-f]+|(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)(?![\w:])/gi, ' ');

  for (const m of rest.matchAll(/[A-Za-z_:][\w:]*/g)) {
    const word = m[0];
    const after = rest.slice((m.index ?? 0) + word.length).trimStart();
    if (after.startsWith('(')) continue; // a function or aggregation
    if (KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

// Grafana's built-in and dashboard variables, replaced by values of the right shape so the
// expression can be handed to promtool. An unknown variable fails: it would not render either.
const GRAFANA_VARIABLES: Record<string, string> = {
  __rate_interval: '5m',
  __interval: '1m',
  __interval_ms: '60000',
  __range: '6h',
  __range_s: '21600',
  datasource: 'prometheus',
  namespace: 'cbc',
};

export function substituteGrafanaVariables(expr: string): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    if (/^\d+$/.test(name)) return whole; // "$1" in label_replace is PromQL's, not Grafana's
    const value = GRAFANA_VARIABLES[name];
    if (value === undefined) throw new Error(`unknown Grafana variable ${whole} in: ${expr}`);
    return value;
  });
}
