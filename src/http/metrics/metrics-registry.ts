/** The labels echoprometheus puts on every request metric. */
export interface RequestLabels {
  code: string;
  method: string;
  host: string;
  url: string;
}

export interface RequestObservation {
  labels: RequestLabels;
  durationSeconds: number;
  requestBytes: number;
  responseBytes: number;
}

// echoprometheus' buckets: Prometheus' default ones for latency, 1 KiB to 10 MiB for sizes.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const KB = 1024;
const MB = 1024 * KB;
const SIZE_BUCKETS = [KB, 2 * KB, 5 * KB, 10 * KB, 100 * KB, 500 * KB, MB, 2.5 * MB, 5 * MB, 10 * MB];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

interface Series {
  labels: RequestLabels;
  requests: number;
  duration: Histogram;
  requestSize: Histogram;
  responseSize: Histogram;
}

const newHistogram = (buckets: number[]): Histogram => ({ counts: buckets.map(() => 0), sum: 0, count: 0 });

function observe(histogram: Histogram, buckets: number[], value: number): void {
  for (const [i, bound] of buckets.entries()) if (value <= bound) histogram.counts[i]!++;
  histogram.sum += value;
  histogram.count++;
}

/** Label values escaped as the text exposition format asks: backslash, double quote and newline. */
function labelText(labels: RequestLabels, extra = ""): string {
  const escape = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  if (extra !== "") pairs.push(extra);
  return `{${pairs.join(",")}}`;
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 64)` for the values that occur here, as the Go client writes them. */
function number(value: number): string {
  if (value === Infinity) return "+Inf";
  return Number.isInteger(value) && Math.abs(value) >= 1e21 ? value.toExponential() : String(value);
}

/**
 * The request metrics of `hanko serve all` (subsystem `hanko`), shared by both APIs, written in
 * Prometheus' text exposition format; no client library is needed for four metric families.
 */
export class MetricsRegistry {
  private readonly series = new Map<string, Series>();

  record(observation: RequestObservation): void {
    const key = labelText(observation.labels);
    let series = this.series.get(key);
    if (!series) {
      series = {
        labels: observation.labels,
        requests: 0,
        duration: newHistogram(DURATION_BUCKETS),
        requestSize: newHistogram(SIZE_BUCKETS),
        responseSize: newHistogram(SIZE_BUCKETS),
      };
      this.series.set(key, series);
    }
    series.requests++;
    observe(series.duration, DURATION_BUCKETS, observation.durationSeconds);
    observe(series.requestSize, SIZE_BUCKETS, observation.requestBytes);
    observe(series.responseSize, SIZE_BUCKETS, observation.responseBytes);
  }

  render(): string {
    const all = [...this.series.values()].sort((a, b) => labelText(a.labels).localeCompare(labelText(b.labels)));
    const lines: string[] = [];
    const histogram = (name: string, help: string, buckets: number[], pick: (s: Series) => Histogram) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const series of all) {
        const h = pick(series);
        for (const [i, bound] of buckets.entries())
          lines.push(`${name}_bucket${labelText(series.labels, `le="${number(bound)}"`)} ${h.counts[i]}`);
        lines.push(`${name}_bucket${labelText(series.labels, 'le="+Inf"')} ${h.count}`);
        lines.push(`${name}_sum${labelText(series.labels)} ${number(h.sum)}`);
        lines.push(`${name}_count${labelText(series.labels)} ${h.count}`);
      }
    };
    histogram("hanko_request_duration_seconds", "The HTTP request latencies in seconds.", DURATION_BUCKETS, (s) => s.duration);
    histogram("hanko_request_size_bytes", "The HTTP request sizes in bytes.", SIZE_BUCKETS, (s) => s.requestSize);
    lines.push(
      "# HELP hanko_requests_total How many HTTP requests processed, partitioned by status code and HTTP method.",
      "# TYPE hanko_requests_total counter",
    );
    for (const series of all) lines.push(`hanko_requests_total${labelText(series.labels)} ${series.requests}`);
    histogram("hanko_response_size_bytes", "The HTTP response sizes in bytes.", SIZE_BUCKETS, (s) => s.responseSize);
    return `${lines.join("\n")}\n`;
  }
}
