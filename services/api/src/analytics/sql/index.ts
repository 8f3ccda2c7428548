import type { FilterName } from '@cbc/contract';
import * as chat from './chat';
import * as faq from './faq';
import * as guests from './guests';
import * as overview from './overview';
import * as pageViews from './page-views';
import * as searches from './searches';
import * as serviceRequests from './service-requests';

/** The text of a metric's query and the measure columns it returns. */
export interface MetricSql {
  sql: string;
  measures: readonly string[];
  /** The filters the query honours, in the order of their parameters ($6 on; $5 is the reporting time zone). */
  filters: readonly FilterName[];
}

export const METRIC_SQL = {
  overview,
  page_views: pageViews,
  searches,
  faq,
  chat,
  service_requests: serviceRequests,
  guests,
} as const satisfies Record<string, MetricSql>;
