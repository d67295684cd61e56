/**
 * The few Prometheus series `jobsentinel serve` exposes, in the text exposition format (0.0.4).
 * Label values come from fixed sets (routes, status codes, indicator ids), never from raw input.
 */

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const ROUTES = ['/validate', '/audit', '/healthz', '/metrics'] as const;
export type RouteLabel = (typeof ROUTES)[number] | 'other';

class Histogram {
  readonly counts = LATENCY_BUCKETS.map(() => 0);
  count = 0;
  sum = 0;

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;
    LATENCY_BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) this.counts[index]!++;
    });
  }
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<RouteLabel, Histogram>();
  private readonly findings = new Map<string, number>();
  private readonly reviews = new Map<string, number>();
  private readonly counters = new Map<string, number>();

  request(route: RouteLabel, code: number, seconds: number): void {
    const key = `path="${route}",code="${code}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let histogram = this.latency.get(route);
    if (!histogram) this.latency.set(route, (histogram = new Histogram()));
    histogram.observe(seconds);
  }

  finding(indicator: string): void {
    this.findings.set(indicator, (this.findings.get(indicator) ?? 0) + 1);
  }

  review(result: 'allowed' | 'warned' | 'denied' | 'ignored'): void {
    this.reviews.set(result, (this.reviews.get(result) ?? 0) + 1);
  }

  add(counter: 'audit_events' | 'audit_matches' | 'audit_repeated' | 'forward_errors' | 'client_errors', amount = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + amount);
  }

  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('jobsentinel_http_requests_total', 'counter', 'HTTP requests answered, by route and status code.');
    for (const [labels, value] of this.requests) lines.push(`jobsentinel_http_requests_total{${labels}} ${value}`);
    family('jobsentinel_http_request_duration_seconds', 'histogram', 'Time from the request to the end of the answer, by route.');
    for (const [route, histogram] of this.latency) {
      LATENCY_BUCKETS.forEach((bound, index) => lines.push(`jobsentinel_http_request_duration_seconds_bucket{path="${route}",le="${bound}"} ${histogram.counts[index]}`));
      lines.push(`jobsentinel_http_request_duration_seconds_bucket{path="${route}",le="+Inf"} ${histogram.count}`);
      lines.push(`jobsentinel_http_request_duration_seconds_sum{path="${route}"} ${histogram.sum}`);
      lines.push(`jobsentinel_http_request_duration_seconds_count{path="${route}"} ${histogram.count}`);
    }
    family('jobsentinel_findings_total', 'counter', 'Findings in admission reviews and audit matches, by indicator.');
    for (const [indicator, value] of this.findings) lines.push(`jobsentinel_findings_total{indicator="${labelValue(indicator)}"} ${value}`);
    family('jobsentinel_admission_reviews_total', 'counter', 'Admission reviews by result (ignored: not a Job/CronJob write).');
    for (const [result, value] of this.reviews) lines.push(`jobsentinel_admission_reviews_total{result="${result}"} ${value}`);
    const simple: Array<[string, string]> = [
      ['audit_events', 'Audit events received.'],
      ['audit_matches', 'Audit matches written.'],
      ['audit_repeated', 'Audit matches not written again: a request already reported by an earlier batch.'],
      ['forward_errors', 'Batches of matches that could not be forwarded.'],
      ['client_errors', 'Connections dropped for a malformed request or TLS handshake.'],
    ];
    for (const [name, help] of simple) {
      family(`jobsentinel_${name}_total`, 'counter', help);
      lines.push(`jobsentinel_${name}_total ${this.counters.get(name) ?? 0}`);
    }
    return lines.join('\n') + '\n';
  }
}

/** Indicator ids are `[a-z0-9-]`, custom ones come from the config; escape anyway, as the format asks. */
function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
