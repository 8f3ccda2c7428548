import { Value } from 'typebox/value';
import { FILTER_VALUES, FILTERS, METRIC_FILTERS, type FilterName, type MetricFilters, type MetricType } from '@cbc/contract';
import { AppError } from '../errors';

export { FILTERS, type FilterName, type MetricFilters } from '@cbc/contract';

const allowedValues = (f: FilterName) => {
  const schema = FILTER_VALUES[f] as { enum?: readonly string[]; pattern?: string; maxLength?: number };
  return schema.enum ? { allowed: schema.enum } : { pattern: schema.pattern, max_length: schema.maxLength };
};

/**
 * The filters of a request, checked against what the metric can honour and against each
 * filter's vocabulary (the contract's FILTER_VALUES). A filter the metric has no dimension for is
 * a 400, never ignored: an answer that silently counted everyone would be read as the slice.
 */
export function parseFilters(type: MetricType, q: Record<string, unknown>): MetricFilters {
  const accepted: readonly FilterName[] = METRIC_FILTERS[type];
  const out: Record<string, string> = {};
  for (const f of FILTERS) {
    const raw = q[f];
    if (raw === undefined) continue;
    if (!accepted.includes(f)) {
      const which = accepted.length ? `it accepts ${accepted.join(', ')}` : 'it accepts none';
      throw new AppError(400, 'invalid_parameter', `${type} cannot be filtered by ${f}; ${which}`, { parameter: f, allowed: accepted });
    }
    if (typeof raw !== 'string' || !Value.Check(FILTER_VALUES[f], raw)) {
      throw new AppError(400, 'invalid_parameter', `${f} is not a valid value for this filter`, { parameter: f, ...allowedValues(f) });
    }
    out[f] = raw;
  }
  return out as MetricFilters;
}

/** The filters in their fixed order, for a cache key: two requests share an entry only with the same slice. */
export const filtersKey = (f: MetricFilters) => FILTERS.map((n) => (f[n] === undefined ? '' : encodeURIComponent(f[n]))).join(',');
