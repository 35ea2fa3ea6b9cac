/**
 * Structured logging: one JSON line per record, in the shape Powertools Logger writes (`level`,
 * `message`, `timestamp`, `service`, `xray_trace_id`, then the record's own keys), so CloudWatch
 * Logs Insights queries read it alike. Rule: never log PHI, answers, email bodies, addresses or
 * link tokens; log ids, names of errors and counts.
 *
 * Why not Powertools Logger itself: the product logs a handful of warnings and errors with a few
 * keys, and uses none of its Lambda features (context injection, sampling, child loggers); it
 * added ~20 KB and a few milliseconds of init to every function (measured, README "Benchmarks").
 * The level comes from LOG_LEVEL (DEBUG, INFO, WARN, ERROR, SILENT; default INFO).
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
export type LogAttributes = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, SILENT: 28 };

/** Errors have no enumerable own properties: write their name, message and stack. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export class Logger {
  readonly serviceName: string;
  #threshold: number;

  constructor(options: { serviceName: string; logLevel?: string | undefined }) {
    this.serviceName = options.serviceName;
    const level = (options.logLevel ?? 'INFO').toUpperCase() as LogLevel;
    this.#threshold = RANK[level] ?? RANK.INFO;
  }

  /** Changes the threshold at run time (tests, the local runtime's quiet mode). */
  setLogLevel(level: LogLevel): void {
    this.#threshold = RANK[level];
  }

  debug(message: string, attributes?: LogAttributes): void {
    this.#write('DEBUG', message, attributes);
  }
  info(message: string, attributes?: LogAttributes): void {
    this.#write('INFO', message, attributes);
  }
  warn(message: string, attributes?: LogAttributes): void {
    this.#write('WARN', message, attributes);
  }
  error(message: string, attributes?: LogAttributes): void {
    this.#write('ERROR', message, attributes);
  }

  /** The JSON line of one record (exported for tests; no trailing newline). */
  format(level: Exclude<LogLevel, 'SILENT'>, message: string, attributes?: LogAttributes): string {
    const trace = process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
    const base: LogAttributes = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.serviceName,
      ...(trace ? { xray_trace_id: trace } : {}),
    };
    // The record's own keys never overwrite the base keys (a key named `level` or `message`).
    const own = Object.fromEntries(Object.entries(attributes ?? {}).filter(([k]) => !(k in base)));
    try {
      return JSON.stringify({ ...base, ...own }, replacer);
    } catch {
      return JSON.stringify({ ...base, log_error: 'The record could not be serialised' });
    }
  }

  #write(level: Exclude<LogLevel, 'SILENT'>, message: string, attributes?: LogAttributes): void {
    if (RANK[level] < this.#threshold) return;
    const line = `${this.format(level, message, attributes)}\n`;
    if (RANK[level] >= RANK.WARN) process.stderr.write(line);
    else process.stdout.write(line);
  }
}

export const logger = new Logger({ serviceName: 'baa-guard', logLevel: process.env.LOG_LEVEL });
