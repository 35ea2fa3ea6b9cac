/**
 * shared/logger.ts writes Powertools-shaped JSON records (level, message, timestamp, service,
 * xray_trace_id, then the record's keys), filters by level, and never loses a record to an
 * unserialisable value.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '#shared/logger.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  return { out, err };
}

describe('logger', () => {
  it('writes one JSON line in the Powertools shape, warnings and errors to stderr', () => {
    vi.stubEnv(
      '_X_AMZN_TRACE_ID',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    );
    const { out, err } = capture();
    const log = new Logger({ serviceName: 'svc', logLevel: 'INFO' });
    log.info('Audit heads published', { published: 3 });
    log.warn('Workflow step failed', { workflow: 'launch' });
    expect(out).toHaveLength(1);
    expect(err).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    const record = JSON.parse(out[0]!);
    expect(record).toEqual({
      level: 'INFO',
      message: 'Audit heads published',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'svc',
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      published: 3,
    });
    expect(Object.keys(record).slice(0, 4)).toEqual(['level', 'message', 'timestamp', 'service']);
    expect(JSON.parse(err[0]!)).toMatchObject({ level: 'WARN', workflow: 'launch' });
  });

  it('drops records below the level; SILENT drops all; an unknown level means INFO', () => {
    const { out, err } = capture();
    new Logger({ serviceName: 's', logLevel: 'WARN' }).info('no');
    new Logger({ serviceName: 's', logLevel: 'SILENT' }).error('no');
    new Logger({ serviceName: 's', logLevel: 'warn' }).warn('yes, lower case level');
    new Logger({ serviceName: 's', logLevel: 'LOUD' }).debug('no');
    new Logger({ serviceName: 's', logLevel: 'LOUD' }).info('yes, INFO');
    expect(out.map((l) => JSON.parse(l).message)).toEqual(['yes, INFO']);
    expect(err.map((l) => JSON.parse(l).message)).toEqual(['yes, lower case level']);
  });

  it('writes errors with name, message and stack; keeps base keys; survives a cycle', () => {
    const log = new Logger({ serviceName: 's' });
    const withError = JSON.parse(log.format('ERROR', 'Unhandled error', { error: new TypeError('bad') }));
    expect(withError.error).toMatchObject({ name: 'TypeError', message: 'bad' });
    expect(withError.error.stack).toContain('TypeError: bad');
    const clash = JSON.parse(log.format('INFO', 'real', { message: 'fake', level: 'ERROR', n: 1n }));
    expect(clash).toMatchObject({ message: 'real', level: 'INFO', n: '1' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const broken = JSON.parse(log.format('WARN', 'cyclic', { cyclic }));
    expect(broken).toMatchObject({ message: 'cyclic', log_error: expect.any(String) });
  });
});
