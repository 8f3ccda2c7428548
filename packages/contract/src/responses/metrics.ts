import { Type, type Static, type TInteger, type TNull, type TNumber, type TOptional, type TSchema, type TUnion } from 'typebox';
import { Enum, LABEL_PATTERN } from '../classes';
import { CHANNELS, EVENT_TYPES, GUEST_TYPES, SERVICE_TYPES } from '../vocabulary';
import {
  BUCKET_PARAMS, BUCKETS, FILTERS, METRIC_SEGMENTS, METRIC_TYPES, METRIC_VALUES, SEGMENTS, WINDOWS, type AnalyticsMetric,
  type MetricType,
} from './metric-vocabulary';

type Nullable = TUnion<[TNumber, TNull]>;
const nullable = (): Nullable => Type.Union([Type.Number(), Type.Null()]);
type Values<K extends readonly string[]> = { [P in K[number]]: Nullable };
const values = <const K extends readonly string[]>(keys: K): Values<K> =>
  Object.fromEntries(keys.map((k) => [k, nullable()])) as Values<K>;

/**
 * The value each filter takes. Closed vocabularies are the contract's enumerations (anything else
 * is a 400 naming what is allowed); the open ones are bounded strings of a safe character set, a
 * well-formed value the data does not hold simply matches nothing (empty or withheld cells).
 */
export const FILTER_VALUES = {
  guest_type: Enum(GUEST_TYPES, 'Only events of guests of this type'),
  channel: Enum(CHANNELS, 'Only events from this channel'),
  language: Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$', description: 'Only events in this language (BCP 47 tag, as the events carry it)' }),
  page: Type.String({
    minLength: 1, maxLength: 200, pattern: '^/[A-Za-z0-9._~%/:@+\\[\\]-]*$',
    description: 'page_views only: one route, as top_pages lists it (no query string or fragment)',
  }),
  query: Type.String({
    minLength: 1, maxLength: 100, pattern: "^[\\p{L}\\p{N}_'&.,:!?\\[\\]-]+( [\\p{L}\\p{N}_'&.,:!?\\[\\]-]+)*$",
    description: 'searches only: one normalized query, as top_queries lists it (lower case, single spaces; letters, digits and _\'&.,:!?[]-)',
  }),
  faq_id: Type.String({ minLength: 1, maxLength: 64, pattern: LABEL_PATTERN, description: 'faq only: one FAQ article id' }),
  service_type: Enum(SERVICE_TYPES, 'service_requests only: one service type'),
} as const satisfies Record<(typeof FILTERS)[number], TSchema>;

/** The filters an answer was computed with (all that were given; none is ignored). */
export const MetricFilters = Type.Object(
  Object.fromEntries(FILTERS.map((f) => [f, Type.Optional(FILTER_VALUES[f])])) as { [F in keyof typeof FILTER_VALUES]: TOptional<(typeof FILTER_VALUES)[F]> },
  { additionalProperties: false, description: 'The filters applied; every number of the answer counts only their slice' },
);
export type MetricFilters = Static<typeof MetricFilters>;

/** `from`/`to`: an instant, or a day of the club's calendar. */
const Instant = (description: string) =>
  Type.Union([Type.String({ maxLength: 40, format: 'date-time' }), Type.String({ format: 'date' })], { description });

/** The query string of `GET /metrics/{type}`. Which segments and filters a metric accepts is in `GET /metrics`. */
export const MetricQuery = Type.Object(
  {
    window: Type.Optional(Enum(WINDOWS, 'Default 7d. 24h … 12m end at the end of the current hour; today, this_week, this_month, this_year run from the start of the local day, Monday, 1st or 1 January to the end of the current hour; yesterday, last_week, last_month are whole periods. Calendar windows are in the reporting time zone (window.time_zone)')),
    from: Type.Optional(Instant('Instead of window: RFC 3339 with an offset, or a local date YYYY-MM-DD (its midnight in the reporting time zone); inclusive')),
    to: Type.Optional(Instant('RFC 3339 with an offset, or a local date YYYY-MM-DD (its midnight in the reporting time zone, so that day is not included); exclusive; defaults to now')),
    segment: Type.Optional(Enum(SEGMENTS, 'Default none; which ones a metric accepts is in GET /metrics')),
    bucket: Type.Optional(Enum(BUCKET_PARAMS, 'Series width; auto: the finest of hour, day, week, month where at least half the non-empty cells reach min_group_size. Default: by the span')),
    ...MetricFilters.properties,
  },
  { additionalProperties: false },
);
export type MetricQuery = Static<typeof MetricQuery>;

const Window = Type.Object({
  from: Type.String({ format: 'date-time', description: 'Inclusive start of the window counted: for a metric, the requested start down to its UTC hour' }),
  to: Type.String({ format: 'date-time', description: 'Exclusive end of the window counted: for a metric, the requested end up to the end of its UTC hour' }),
  bucket: Enum(BUCKETS, 'Width of one series point, in the reporting time zone: days from local midnight (23 or 25 hours on a DST change day), weeks from Monday, months from the 1st; hours and minutes are UTC ones'),
  time_zone: Type.String({ description: 'The reporting time zone (IANA name) whose days, weeks, months and calendar windows the answer counts' }),
  bucket_requested: Type.Optional(Enum(BUCKET_PARAMS, 'The bucket parameter as given (absent without one)')),
  bucket_reason: Type.Optional(Type.String({ description: 'Why this width: for auto, the share of cells reaching min_group_size per width tried' })),
});

const POINT = {
  bucket: Type.String({ format: 'date-time', description: 'Start of the bucket, as a UTC instant (a day bucket: local midnight in UTC)' }),
  segment_value: Type.Optional(Type.String({ description: 'The segment this point belongs to (absent with segment=none)' })),
  partial: Type.Optional(Type.Literal(true, { description: 'The bucket reaches outside the window (a first or last day, week or month cut by it): it counts only the part inside' })),
  suppressed: Type.Optional(Type.Literal(true, { description: 'Fewer than min_group_size guests: every value is null, shown as withheld, never as zero' })),
};

const count = (description: string) => Type.Integer({ minimum: 0, description });
const TopPage = Type.Object({ path: Type.String(), views: count('Views'), guests: count('Distinct guests') });
const TopQuery = Type.Object({ query: Type.String(), searches: count('Searches'), zero_result_searches: count('Of which found nothing'), guests: count('Distinct guests') });
const TopFaq = Type.Object({
  faq_id: Type.String(),
  title: Type.Union([Type.String(), Type.Null()], { description: 'The title staff gave the FAQ in the catalogue; null for an id not catalogued' }),
  views: count('Views'),
  deflected: count('Views followed by no handoff or service request within 30 minutes'),
  deflection_rate: Type.Union([Type.Number(), Type.Null()]),
  guests: count('Distinct guests'),
});
const TypeStatus = Type.Object({ service_type: Type.String(), status: Type.String(), requests: count('Requests'), guests: count('Distinct guests') });
const Breakdown = Type.Array(Type.Object({ value: Type.String(), guests: count('Distinct guests') }));

/** The top lists and breakdowns beside a metric; each entry has at least min_group_size guests behind it. */
const EXTRAS = {
  page_views: Type.Object({ top_pages: Type.Array(TopPage) }),
  searches: Type.Object({ top_queries: Type.Array(TopQuery), top_zero_result_queries: Type.Array(TopQuery) }),
  faq: Type.Object({ top_faqs: Type.Array(TopFaq) }),
  service_requests: Type.Object({ by_type_status: Type.Array(TypeStatus) }),
  guests: Type.Object({
    new_guests: Type.Union([count('Guests first seen in the window'), Type.Null()], { description: 'Null when fewer than min_group_size' }),
    breakdown: Type.Object({ guest_type: Breakdown, channel: Breakdown, language: Breakdown }),
  }),
};

function analyticsResponse<const T extends AnalyticsMetric, E extends TSchema | undefined>(metric: T, extras: E) {
  const vals = values(METRIC_VALUES[metric]);
  const Totals = Type.Object({ ...vals, guests: Type.Union([count('Distinct guests'), Type.Null()]) }, {
    description: 'The whole window; every value null when fewer than min_group_size guests stand behind it',
  });
  const base = {
    metric: Type.Literal(metric),
    window: Window,
    segment: Enum(METRIC_SEGMENTS[metric]),
    filters: Type.Optional(MetricFilters),
    min_group_size: Type.Integer({ minimum: 1, description: 'k: cells with fewer distinct guests are withheld' }),
    series: Type.Array(Type.Object({ ...POINT, ...vals })),
    totals: Totals,
    previous_totals: Totals,
    suppressed: Type.Integer({ minimum: 0, description: 'Cells withheld: fewer than min_group_size guests stand behind them, or withheld with such a cell so that no subtraction reveals it' }),
    data_version: Type.String({ description: 'The dbt build the answer comes from, passed, failed or still running: its end time, or its start and "(running)" (the cache key)' }),
    stale: Type.Optional(Type.Literal(true, { description: 'That build failed some of its checks or is still running: its marts are served unverified (absent when it passed)' })),
    failed_checks: Type.Optional(Type.Array(Type.String(), { description: 'The dbt tests and models of that build that failed; empty while it runs (present with stale)' })),
  };
  return Type.Object({ ...base, extras: extras as E extends TSchema ? E : TOptional<TNull> });
}

// Metrics without extras never send the key; `Type.Optional(Null)` says so in the schema and
// keeps one constructor for all.
const noExtras = Type.Optional(Type.Null());

export const OverviewMetric = analyticsResponse('overview', noExtras);
export const PageViewsMetric = analyticsResponse('page_views', EXTRAS.page_views);
export const SearchesMetric = analyticsResponse('searches', EXTRAS.searches);
export const FaqMetric = analyticsResponse('faq', EXTRAS.faq);
export const ChatMetric = analyticsResponse('chat', noExtras);
export const ServiceRequestsMetric = analyticsResponse('service_requests', EXTRAS.service_requests);
export const GuestsMetric = analyticsResponse('guests', EXTRAS.guests);

type Counts = { events: TInteger } & { [P in (typeof EVENT_TYPES)[number]]: TOptional<TInteger> };
const counts = (): Counts =>
  ({ events: count('All events'), ...Object.fromEntries(EVENT_TYPES.map((t) => [t, Type.Optional(count(`${t} events (absent when none)`))])) }) as Counts;

const withheldCount = (description: string) => Type.Union([count(description), Type.Null()], { description: `${description}; null (withheld) when 1 to min_group_size − 1` });

/**
 * The last hour from raw events, by time of occurrence: events per minute and type (counts of
 * events, never withheld), distinct guests per minute and guests active now (withheld below
 * min_group_size), and how late events arrive, apart from the series. No marts, no segments.
 */
export const RealtimeMetric = Type.Object({
  metric: Type.Literal('realtime'),
  window: Window,
  segment: Type.Literal('none'),
  min_group_size: Type.Integer({ minimum: 1 }),
  series: Type.Array(Type.Object({
    bucket: Type.String({ format: 'date-time', description: 'The minute the events occurred in (UTC); an event stamped up to one minute ahead counts in the current one' }),
    ...counts(),
    guests: withheldCount('Distinct guests with an event that occurred in this minute (minimized events and consent changes count as events only)'),
  })),
  totals: Type.Object(counts(), { description: 'Events that occurred in the window (the sum of the series)' }),
  previous_totals: Type.Null(),
  active_guests_5m: withheldCount('Distinct guests with an event that occurred in the last 5 minutes'),
  arrival_lag: Type.Object({
    received: count('Events received in the window, whenever they occurred'),
    median_seconds: Type.Union([Type.Number(), Type.Null()], { description: 'Median of received_at − occurred_at over them (negative: stamped ahead of the server clock); null when none' }),
    p95_seconds: Type.Union([Type.Number(), Type.Null()], { description: '95th percentile of the same; null when none' }),
    late_arrivals: count('Of them, events that occurred before the window: not in the series'),
  }, { description: 'How late events arrive, apart from the series (which counts by occurrence)' }),
  suppressed: Type.Integer({ minimum: 0, description: 'Guest figures withheld (series minutes and active_guests_5m): fewer than min_group_size guests stand behind them' }),
});

/** The answer of `GET /metrics/{type}`, per type. */
export const METRIC_RESPONSES = {
  overview: OverviewMetric,
  page_views: PageViewsMetric,
  searches: SearchesMetric,
  faq: FaqMetric,
  chat: ChatMetric,
  service_requests: ServiceRequestsMetric,
  guests: GuestsMetric,
  realtime: RealtimeMetric,
} as const satisfies Record<MetricType, TSchema>;

export type MetricResponse<T extends MetricType = MetricType> = { [K in T]: Static<(typeof METRIC_RESPONSES)[K]> }[T];
export type SeriesPoint<T extends MetricType = MetricType> = MetricResponse<T>['series'][number];
export type MetricTotals<T extends MetricType = MetricType> = MetricResponse<T>['totals'];
export type TopPage = Static<typeof TopPage>;
export type TopQuery = Static<typeof TopQuery>;
export type TopFaq = Static<typeof TopFaq>;

/** `GET /metrics`: what can be asked for. */
export const MetricCatalogue = Type.Object({
  metrics: Type.Array(
    Type.Object({
      type: Enum(METRIC_TYPES),
      description: Type.String(),
      segments: Type.Array(Enum(SEGMENTS)),
      filters: Type.Optional(Type.Array(Enum(FILTERS), { description: 'The filters it accepts' })),
      windows: Type.Array(Enum(WINDOWS)),
    }),
  ),
});
export type MetricCatalogue = Static<typeof MetricCatalogue>;
