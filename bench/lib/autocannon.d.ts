// The few parts of autocannon's API the benchmarks use (the package ships no types).
declare module "autocannon" {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    /** Requests per second across all connections (a fixed rate instead of as fast as possible). */
    overallRate?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: Array<
      Request & {
        setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
        onResponse?: (
          status: number,
          body: string,
          context: Record<string, unknown>,
          headers: Record<string, string>,
        ) => void;
      }
    >;
  };
  type Histogram = { p50: number; p90: number; p99: number; average: number; max: number };
  export type Result = {
    latency: Histogram;
    requests: { average: number; total: number; sent: number };
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    "4xx": number;
    "5xx": number;
    statusCodeStats: Record<string, { count: number }>;
  };
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
