/**
 * `baa-guard`: the product from the command line (`npm run cli -- <command>`, or `npx baa-guard`).
 * This file parses the command line, finds the command, builds the API client and turns every
 * outcome into a documented exit code. Commands live in cli/commands/, one file per group.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiClient, CliError, EXIT, type ExitCode, usageError } from '../cli/api-client.ts';
import { assessmentCommands } from '../cli/commands/assessments.ts';
import { auditCommands } from '../cli/commands/audit.ts';
import { decideCommands } from '../cli/commands/decide.ts';
import { exportCommands } from '../cli/commands/export.ts';
import { localCommands } from '../cli/commands/local.ts';
import { ratingCommands } from '../cli/commands/ratings.ts';
import { registerCommands } from '../cli/commands/register.ts';
import { reviewDeskCommands } from '../cli/commands/review-desk.ts';
import { vendorCommands } from '../cli/commands/vendors.ts';
import type { ProgressStream } from '../cli/progress.ts';

// --- the contract between this dispatcher and the commands ------------------------------------

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** How the value shows in help, e.g. `<file.csv>`. */
  placeholder?: string;
  description: string;
}

export interface ArgSpec {
  name: string;
  required: boolean;
  description: string;
  /** The last argument may repeat (e.g. several `<questionId>=<note>`). */
  variadic?: boolean;
}

export interface CommandContext {
  client: ApiClient;
  /** `--json`: machine output on stdout. */
  json: boolean;
  /** A line on stdout. */
  out(line: string): void;
  /** Raw text on stdout (exports). */
  write(text: string): void;
  /** A line on stderr (warnings, notes that must not pollute data on stdout). */
  err(line: string): void;
  progressStream: ProgressStream;
  cwd: string;
}

export interface CommandSpec {
  /** The words that name it, e.g. `['vendors', 'import']`. */
  path: string[];
  summary: string;
  description?: string;
  args: ArgSpec[];
  options?: Record<string, OptionSpec>;
  examples: string[];
  /** Exit codes beyond the general ones, e.g. "3 some rows failed". */
  exitNotes?: string[];
  /** Role of the automatic local token when `--as` is not given (default procurement). */
  defaultRole?(values: OptionValues): string;
  run(ctx: CommandContext, input: { args: string[]; values: OptionValues }): Promise<ExitCode>;
}

// --- commands and global options --------------------------------------------------------------

const COMMANDS: CommandSpec[] = [
  ...vendorCommands,
  ...registerCommands,
  ...assessmentCommands,
  ...reviewDeskCommands,
  ...decideCommands,
  ...exportCommands,
  ...auditCommands,
  ...ratingCommands,
  ...localCommands,
];

const GROUPS: Record<string, string> = {
  vendors: 'Register vendors from a CSV file, list them, show one',
  assessments: 'Read a submission question by question; ask the vendor to clarify answers',
  audit: "Verify vendors' hash-chained audit trails; download an audit packet",
  clock: 'Local mode: move the product clock',
  ratings: 'Re-rate reviewed assessments under the current rules',
};

const DEFAULT_API = 'http://127.0.0.1:3000';
const ROLES = ['procurement', 'compliance', 'admin'];

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  api: {
    type: 'string',
    placeholder: '<url>',
    description: `API base URL (env BAA_API_URL; default ${DEFAULT_API})`,
  },
  token: {
    type: 'string',
    placeholder: '<jwt>',
    description: 'Staff bearer token (env BAA_TOKEN). In local mode leave it out: one is issued for --as',
  },
  as: {
    type: 'string',
    placeholder: '<role>',
    description: 'Local mode, no token: role of the issued token (procurement by default; compliance, admin)',
  },
  email: {
    type: 'string',
    placeholder: '<email>',
    description: 'Local mode, no token: who the issued token names (default cli-<role>@example.org)',
  },
  json: { type: 'boolean', description: 'Machine-readable JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'Help for the tool, or for the command given' },
  version: { type: 'boolean', description: 'Print the version' },
};

const EXIT_CODES = [
  '0  success',
  '1  the operation failed: the API refused it (4xx/5xx; its error code and message are shown)',
  '2  usage error: unknown command or option, bad arguments (with a hint)',
  '3  partial success: some import rows failed, or audit verify found a problem',
  '4  authentication/authorization: 401 or 403, or no token could be had',
  '5  the API is unreachable (start it with `npm start`)',
];

// --- help -------------------------------------------------------------------------------------

const commandName = (c: CommandSpec) => c.path.join(' ');
const argsUsage = (c: CommandSpec) =>
  c.args.map((a) => (a.required ? `<${a.name}>` : `[<${a.name}>]`)).join(' ');

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.placeholder ? ` ${o.placeholder}` : ''}`;
    return [flag + (o.multiple ? ' …' : ''), o.description] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`);
}

function globalHelp(): string {
  const rows = COMMANDS.map((c) => [`${commandName(c)} ${argsUsage(c)}`.trim(), c.summary] as const);
  const width = Math.max(...rows.map(([u]) => u.length));
  return [
    'baa-guard — vendor risk and BAA management from the command line',
    '',
    'Usage: baa-guard <command> [arguments] [options]',
    '       npm run cli -- <command> [arguments] [options]      (from the repository)',
    '',
    'Commands:',
    ...rows.map(([u, s]) => `  ${u.padEnd(width)}  ${s}`),
    `  ${'help [<command>]'.padEnd(width)}  Help for a command (same as <command> --help)`,
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Exit codes (for scripts):',
    ...EXIT_CODES.map((l) => `  ${l}`),
    '',
    'Examples:',
    '  npm start                                   # in another terminal: the product, locally',
    '  baa-guard vendors import vendors.csv --errors rejected.csv',
    '  baa-guard vendors list --stage in_remediation',
    '  baa-guard decide v_123 approve-with-conditions --condition "MFA for all admins by Q3"',
    '  baa-guard export findings --format csv --out findings.csv',
    '  baa-guard audit verify || echo "audit chain problem (exit $?)"',
    '  BAA_API_URL=https://vendors.example.org BAA_TOKEN=$ID_TOKEN baa-guard vendors list --json',
  ].join('\n');
}

function groupHelp(group: string): string {
  const commands = COMMANDS.filter((c) => c.path[0] === group);
  const rows = commands.map((c) => [`${commandName(c)} ${argsUsage(c)}`.trim(), c.summary] as const);
  const width = Math.max(...rows.map(([u]) => u.length));
  return [
    `baa-guard ${group} — ${GROUPS[group] ?? ''}`,
    '',
    'Commands:',
    ...rows.map(([u, s]) => `  ${u.padEnd(width)}  ${s}`),
    '',
    `Run \`baa-guard ${commands[0] ? commandName(commands[0]) : group} --help\` for a command's options and examples.`,
  ].join('\n');
}

function commandHelp(c: CommandSpec): string {
  const lines = [
    `Usage: baa-guard ${[commandName(c), argsUsage(c)].filter(Boolean).join(' ')} [options]`,
    '',
  ];
  lines.push(c.summary + (c.summary.endsWith('.') ? '' : '.'));
  if (c.description) lines.push('', c.description);
  if (c.args.length > 0) {
    const width = Math.max(...c.args.map((a) => a.name.length + 2));
    lines.push('', 'Arguments:', ...c.args.map((a) => `  ${`<${a.name}>`.padEnd(width)}  ${a.description}`));
  }
  if (c.options && Object.keys(c.options).length > 0) lines.push('', 'Options:', ...optionLines(c.options));
  lines.push(
    '',
    'Global options: --api <url>, --token <jwt>, --as <role>, --email <email>, --json (baa-guard --help)',
  );
  lines.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  lines.push(
    '',
    'Exit codes:',
    ...(c.exitNotes ?? []).map((n) => `  ${n}`),
    '  0 success · 1 failed · 2 usage error · 3 partial success · 4 auth (401/403) · 5 API unreachable',
  );
  return lines.join('\n');
}

// --- parsing ----------------------------------------------------------------------------------

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

type ParseConfig = Parameters<typeof parseArgs>[0] & {};
const toParseOptions = (options: Record<string, OptionSpec>) =>
  Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) },
    ]),
  ) as NonNullable<ParseConfig['options']>;

/** Finds the command named by the leading positionals (longest match). */
function findCommand(words: string[]): { command?: CommandSpec; used: number } {
  let found: { command?: CommandSpec; used: number } = { used: 0 };
  for (const c of COMMANDS) {
    if (c.path.every((w, i) => words[i] === w) && c.path.length > found.used) {
      found = { command: c, used: c.path.length };
    }
  }
  return found;
}

function optionError(error: unknown, known: readonly string[], command?: CommandSpec): CliError {
  const e = error as { code?: string; message?: string };
  const where = command ? `baa-guard ${commandName(command)} --help` : 'baa-guard --help';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? 'option';
    const near = closest(option.replace(/^-+/, ''), known);
    return usageError(
      `Unknown option ${option}${command ? ` for "${commandName(command)}"` : ''}`,
      near ? `Did you mean --${near}? See \`${where}\`.` : `See \`${where}\` for the options.`,
    );
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return usageError((e.message ?? 'Invalid option value').replace(/\.$/, ''), `See \`${where}\`.`);
  }
  return usageError(e.message ?? 'Invalid arguments', `See \`${where}\`.`);
}

interface Io {
  stdout: { write(chunk: string): unknown };
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs the CLI for `argv` (without node and the script) and returns the exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const err = (line: string) => io.stderr.write(`${line}\n`);
  let json = argv.includes('--json');
  try {
    // Pass 1, lenient: every option any command knows, to find the command words.
    const everyOption: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
    for (const c of COMMANDS) Object.assign(everyOption, c.options ?? {});
    let loose: ReturnType<typeof parseArgs>;
    try {
      loose = parseArgs({
        args: argv,
        options: toParseOptions(everyOption),
        strict: false,
        allowPositionals: true,
      });
    } catch (error) {
      throw optionError(error, Object.keys(everyOption));
    }
    const words = loose.positionals;
    const help = loose.values.help === true;

    if (loose.values.version === true && words.length === 0) {
      out(packageVersion());
      return EXIT.ok;
    }
    if (words[0] === 'help') {
      const { command } = findCommand(words.slice(1));
      if (command) out(commandHelp(command));
      else if (words[1] && GROUPS[words[1]]) out(groupHelp(words[1]));
      else if (words[1]) throw unknownCommand(words.slice(1));
      else out(globalHelp());
      return EXIT.ok;
    }
    if (words.length === 0) {
      if (help) {
        out(globalHelp());
        return EXIT.ok;
      }
      err(globalHelp());
      return EXIT.usage;
    }

    const { command, used } = findCommand(words);
    if (!command) {
      if (GROUPS[words[0]!] && words.length === 1) {
        if (help) {
          out(groupHelp(words[0]!));
          return EXIT.ok;
        }
        err(groupHelp(words[0]!));
        err('');
        throw usageError(`"${words[0]}" needs a subcommand`, `See \`baa-guard ${words[0]} --help\`.`);
      }
      throw unknownCommand(words);
    }
    if (help) {
      out(commandHelp(command));
      return EXIT.ok;
    }

    // Pass 2, strict: the global options and this command's.
    const options = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: argv,
        options: toParseOptions(options),
        strict: true,
        allowPositionals: true,
      });
    } catch (error) {
      throw optionError(error, Object.keys(options), command);
    }
    const values = parsed.values as OptionValues;
    json = values.json === true;
    const args = parsed.positionals.slice(used);
    const required = command.args.filter((a) => a.required).length;
    const usage = `Usage: baa-guard ${commandName(command)} ${argsUsage(command)}`.trim();
    if (args.length < required) {
      const missing = command.args[args.length]!;
      throw usageError(`Missing <${missing.name}>: ${missing.description}`, `${usage}  (see --help)`);
    }
    if (args.length > command.args.length && !command.args.at(-1)?.variadic) {
      throw usageError(`Unexpected argument "${args[command.args.length]}"`, `${usage}  (see --help)`);
    }

    const client = createClient(values, io.env, command);
    return await command.run(
      {
        client,
        json,
        out,
        write: (text) => io.stdout.write(text),
        err,
        progressStream: io.stderr,
        cwd: io.cwd,
      },
      { args, values },
    );
  } catch (error) {
    return report(error, { json, out, err });
  }
}

function unknownCommand(words: string[]): CliError {
  const names = [...new Set([...COMMANDS.map(commandName), ...COMMANDS.map((c) => c.path[0]!), 'help'])];
  const attempt = words.slice(0, 2).join(' ');
  const near = closest(attempt, names) ?? closest(words[0]!, names);
  return usageError(
    `Unknown command "${attempt}"`,
    `${near ? `Did you mean "${near}"? ` : ''}Run \`baa-guard --help\` for the list of commands.`,
  );
}

function createClient(values: OptionValues, env: NodeJS.ProcessEnv, command: CommandSpec): ApiClient {
  const api = (values.api as string | undefined) || env.BAA_API_URL || DEFAULT_API;
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw usageError(`--api "${api}" is not a URL`, `Example: --api ${DEFAULT_API}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`--api "${api}" must be an http(s) URL`, `Example: --api ${DEFAULT_API}`);
  }
  const role = (values.as as string | undefined) ?? command.defaultRole?.(values) ?? 'procurement';
  if (!ROLES.includes(role)) {
    throw usageError(`--as "${role}" is not a role`, `Use one of: ${ROLES.join(', ')}.`);
  }
  const token = (values.token as string | undefined) || env.BAA_TOKEN || undefined;
  const email = (values.email as string | undefined) || env.BAA_EMAIL || `cli-${role}@example.org`;
  return new ApiClient({ baseUrl: url.toString(), token, role, email });
}

/** Prints an error (message, detail lines, hint; JSON too with --json) and returns its exit code. */
function report(
  error: unknown,
  io: { json: boolean; out(line: string): void; err(line: string): void },
): ExitCode {
  const e =
    error instanceof CliError
      ? error
      : new CliError(
          `Unexpected error: ${error instanceof Error ? error.message : String(error)}`,
          EXIT.failed,
        );
  io.err(`Error: ${e.message}`);
  for (const line of e.lines) io.err(line);
  if (e.hint) io.err(`Hint: ${e.hint}`);
  if (io.json) {
    io.out(
      JSON.stringify(
        {
          error: {
            exitCode: e.exitCode,
            message: e.message,
            ...(e.status ? { status: e.status } : {}),
            ...(e.code ? { code: e.code } : {}),
            ...(e.details !== undefined && e.details !== null ? { details: e.details } : {}),
            ...(e.hint ? { hint: e.hint } : {}),
          },
        },
        null,
        2,
      ),
    );
  }
  return e.exitCode;
}

// --- entry ------------------------------------------------------------------------------------

if (import.meta.main) {
  // A closed pipe (`baa-guard vendors list | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  process.on('unhandledRejection', (error) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.failed);
  });
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
