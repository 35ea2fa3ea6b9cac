/**
 * Runs the synthesized state machines in-process with aws-local-stepfunctions, binding each Task
 * to the same handler module Lambda runs (read from the template's entry metadata) and each service
 * integration (a direct DynamoDB query, StartExecution) to a local equivalent. It implements the
 * WorkflowStarter port, so use cases start workflows locally exactly as they do in AWS.
 *
 * It is at least as strict as Step Functions on the limits that matter here:
 * - Standard executions fail at 25,000 history events. The library emits its own event log; each
 *   entry is counted as the events Step Functions records for it (see `awsEvents`: a Lambda task
 *   is Entered + Scheduled + Started + Succeeded + Exited = 5, a retry adds 3, a Map adds
 *   MapStateStarted/Succeeded and 2 per iteration). Where the mapping is unsure it counts more.
 * - Express executions fail after 5 minutes of wall time.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import { logger } from '#shared/logger.ts';
import type { WorkflowName, WorkflowStarter } from '#shared/ports/workflows.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, type WorkflowDefinition } from './template.ts';

type Handler = (event: unknown) => Promise<unknown>;
type JsonValue = Parameters<StateMachine['run']>[0];
type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

export interface ExecutionRecord {
  id: string;
  workflow: WorkflowName;
  type: 'STANDARD' | 'EXPRESS';
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startedAt: string;
  stoppedAt?: string;
  output?: unknown;
  error?: string;
  /** History events as Step Functions would count them (see the module comment). */
  events: number;
  /** An execution this one started to continue its work (the sweep's continuations). */
  continuedAs?: string;
  done: Promise<void>;
  abort: () => void;
}

/** Step Functions quotas the runner enforces (overridable in tests only to keep them fast). */
export interface WorkflowLimits {
  standardHistoryEvents: number;
  expressDurationMs: number;
}
export const AWS_LIMITS: WorkflowLimits = { standardHistoryEvents: 25_000, expressDurationMs: 5 * 60_000 };

/** Local stand-ins for the service integrations a definition calls, by integration name. */
export type ServiceBindings = Record<string, (parameters: Record<string, unknown>) => Promise<unknown>>;

const ROOT = join(import.meta.dirname, '..');
const MAX_KEPT = 500;

export const localStateMachineArn = (workflow: string) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${workflow}`;

/** The history events Step Functions records for one entry of the library's event log. */
export function awsEvents(event: EventLog): number {
  switch (event.type) {
    case 'ExecutionStarted':
    case 'ExecutionSucceeded':
    case 'ExecutionFailed':
    case 'ExecutionAborted':
    case 'ExecutionTimeout':
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
    case 'ParallelBranchStarted':
    case 'ParallelBranchSucceeded':
    case 'ParallelBranchFailed':
      return 1;
    case 'StateEntered':
      // <Type>StateEntered; a Task adds Scheduled, Started and Succeeded/Failed; Map and Parallel
      // add their <Type>StateStarted.
      return event.state.type === 'Task'
        ? 4
        : event.state.type === 'Map' || event.state.type === 'Parallel'
          ? 2
          : 1;
    case 'StateExited':
      // <Type>StateExited; Map and Parallel add <Type>StateSucceeded.
      return event.state.type === 'Map' || event.state.type === 'Parallel' ? 2 : 1;
    case 'StateRetried':
      // Another attempt: Scheduled, Started, Succeeded/Failed.
      return 3;
    case 'StateFailed':
      // Counted with the attempt for Tasks; a Map or Parallel adds <Type>StateFailed (counted always).
      return 1;
    default:
      return 0;
  }
}

export class LocalWorkflowRunner implements WorkflowStarter {
  private readonly machines = new Map<
    WorkflowName,
    {
      machine: StateMachine;
      type: 'STANDARD' | 'EXPRESS';
      handlers: Record<string, Handler>;
      services: Record<string, string>;
    }
  >();
  readonly executions = new Map<string, ExecutionRecord>();
  /** Task handler calls still running; an aborted execution's in-flight task runs to completion, as in Lambda. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly retryIntervalMs: number | undefined;
  private readonly limits: WorkflowLimits;
  private readonly bindings: ServiceBindings;
  private readonly clock: () => Date;

  private constructor(options: RunnerOptions) {
    this.retryIntervalMs = options.retryIntervalMs;
    this.limits = { ...AWS_LIMITS, ...options.limits };
    this.bindings = options.services ?? {};
    this.clock = options.clock ?? (() => new Date());
  }

  /** Loads each workflow's definition and imports its task handlers. */
  static async create(definitions: Record<string, WorkflowDefinition>, options: RunnerOptions = {}) {
    const runner = new LocalWorkflowRunner(options);
    const modules = new Map<string, Handler>();
    for (const def of Object.values(definitions)) {
      const handlers: Record<string, Handler> = {};
      for (const [state, entry] of Object.entries(def.tasks)) {
        if (!modules.has(entry)) {
          const mod = (await import(pathToFileURL(join(ROOT, entry)).href)) as { handler?: Handler };
          if (typeof mod.handler !== 'function') throw new Error(`${entry} exports no handler`);
          modules.set(entry, mod.handler);
        }
        handlers[state] = modules.get(entry)!;
      }
      const services = def.services ?? {};
      for (const [state, integration] of Object.entries(services)) {
        if (integration !== 'states:startExecution' && !runner.bindings[integration]) {
          throw new Error(`Task ${state} of ${def.name} calls ${integration}, which has no local binding`);
        }
      }
      const machine = new StateMachine(
        def.definition as unknown as ConstructorParameters<typeof StateMachine>[0],
        {
          // Validating compiles the ASL JSON schemas with ajv: ~1.7 s of every start when repeated here.
          validationOptions: { checkArn: false, noValidate: options.validated === true },
        },
      );
      runner.machines.set(def.name as WorkflowName, {
        machine,
        type: def.type ?? 'STANDARD',
        handlers,
        services,
      });
    }
    return runner;
  }

  async start(workflow: WorkflowName, input: Record<string, unknown>, name: string) {
    const id = `${workflow}:${name}`;
    if (this.executions.has(id)) return { executionId: id }; // same name: idempotent, like StartExecution
    const entry = this.machines.get(workflow);
    if (!entry) throw new Error(`No local state machine for the ${workflow} workflow`);
    let record: ExecutionRecord | undefined;
    let stopped: { status: 'FAILED' | 'TIMED_OUT'; error: string } | undefined;
    // Nothing runs for an execution past its limit (the event count may trail by a few states).
    const guard = () => {
      if (stopped) throw new Error(stopped.error);
    };
    const serviceHandlers = Object.fromEntries(
      Object.entries(entry.services).map(([state, integration]) => [
        state,
        async (parameters: unknown) => {
          guard();
          const p = (parameters ?? {}) as Record<string, unknown>;
          if (integration === 'states:startExecution') {
            const child = await this.startByArn(p);
            if (record) record.continuedAs = child.executionId;
            return { ExecutionArn: child.executionId, StartDate: this.clock().toISOString() };
          }
          return this.track(this.bindings[integration]!(p)) as Promise<JsonValue>;
        },
      ]),
    );
    const overrides: RunOptions['overrides'] = {
      taskResourceLocalHandlers: {
        ...Object.fromEntries(
          Object.entries(entry.handlers).map(([state, handler]) => [
            state,
            async (payload: unknown) => {
              guard();
              return this.track(handler(payload)) as Promise<JsonValue>;
            },
          ]),
        ),
        ...(serviceHandlers as Record<string, (input: JsonValue) => Promise<JsonValue>>),
      },
      ...(this.retryIntervalMs === undefined
        ? {}
        : {
            retryIntervalOverrides: Object.fromEntries(
              [...Object.keys(entry.handlers), ...Object.keys(entry.services)].map((s) => [
                s,
                this.retryIntervalMs!,
              ]),
            ),
          }),
    };
    const startedAt = this.clock().toISOString();
    // The context object as Step Functions fills it (the product clock stands in for the time).
    const context = {
      Execution: { Id: `${localStateMachineArn(workflow)}:${name}`, Name: name, StartTime: startedAt },
      StateMachine: { Id: localStateMachineArn(workflow), Name: workflow },
    } as unknown as RunOptions['context'];
    const execution = entry.machine.run(input as JsonValue, { overrides, noThrowOnAbort: true, context });
    const created: ExecutionRecord = {
      id,
      workflow,
      type: entry.type,
      status: 'RUNNING',
      startedAt,
      events: 0,
      done: Promise.resolve(),
      abort: execution.abort,
    };
    record = created;
    const stop = (status: 'FAILED' | 'TIMED_OUT', error: string) => {
      if (stopped) return;
      stopped = { status, error };
      execution.abort();
    };
    // Count history events as they happen; a Standard execution stops at the quota.
    const counting = (async () => {
      for await (const event of execution.eventLogs) {
        created.events += awsEvents(event);
        if (created.type === 'STANDARD' && created.events > this.limits.standardHistoryEvents) {
          stop(
            'FAILED',
            `States.HistoryLimitExceeded: the execution history exceeded ${this.limits.standardHistoryEvents} events (the Step Functions quota for Standard workflows)`,
          );
        }
      }
    })().catch(() => undefined);
    const timer =
      entry.type === 'EXPRESS'
        ? setTimeout(
            () =>
              stop(
                'TIMED_OUT',
                `States.Timeout: the execution ran longer than ${this.limits.expressDurationMs / 1000} s (the Step Functions limit for Express workflows)`,
              ),
            this.limits.expressDurationMs,
          )
        : undefined;
    timer?.unref();
    created.done = execution.result
      .then(
        (output) => {
          if (stopped) throw new Error(stopped.error);
          created.status = output === null ? 'ABORTED' : 'SUCCEEDED';
          created.output = output;
        },
        (error: unknown) => {
          throw stopped ? new Error(stopped.error) : error;
        },
      )
      .catch((error: unknown) => {
        created.status = stopped?.status ?? 'FAILED';
        created.error = error instanceof Error ? error.message : String(error);
        // The Lambda-side equivalent is the failed-executions alarm.
        logger.error('Workflow execution failed', { workflow, executionId: id, error: created.error });
      })
      .finally(async () => {
        if (timer) clearTimeout(timer);
        created.stoppedAt = this.clock().toISOString();
        await counting;
      });
    this.executions.set(id, created);
    this.prune();
    return { executionId: id };
  }

  /** StartExecution from a state machine: the ARN names the workflow (local ARNs, see the context). */
  private async startByArn(p: Record<string, unknown>) {
    const arn = String(p.StateMachineArn ?? '');
    const workflow = arn.split(':stateMachine:')[1]?.split(':')[0] as WorkflowName | undefined;
    if (!workflow || !this.machines.has(workflow))
      throw new Error(`StartExecution of unknown state machine ${arn}`);
    const input = typeof p.Input === 'string' ? (JSON.parse(p.Input) as Record<string, unknown>) : p.Input;
    const name = typeof p.Name === 'string' ? p.Name : `${workflow}-${Date.now()}`;
    if (name.length > 80 || !/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new Error(`StartExecution: invalid execution name ${name} (1-80 letters, digits, - or _)`);
    }
    return this.start(workflow, (input ?? {}) as Record<string, unknown>, name);
  }

  async hasWorkflow(workflow: WorkflowName): Promise<boolean> {
    return this.machines.has(workflow);
  }

  /** Resolves when the execution stops; returns its record. */
  async wait(executionId: string): Promise<ExecutionRecord> {
    const record = this.executions.get(executionId);
    if (!record) throw new Error(`Unknown execution ${executionId}`);
    await record.done;
    return record;
  }

  /** Waits for an execution and every continuation it handed over to; returns them in order. */
  async waitChain(executionId: string): Promise<ExecutionRecord[]> {
    const chain: ExecutionRecord[] = [];
    let next: string | undefined = executionId;
    while (next) {
      const record = await this.wait(next);
      chain.push(record);
      next = record.continuedAs;
    }
    return chain;
  }

  running(workflow?: WorkflowName): ExecutionRecord[] {
    return [...this.executions.values()].filter(
      (e) => e.status === 'RUNNING' && (!workflow || e.workflow === workflow),
    );
  }

  private track<T>(call: Promise<T>): Promise<T> {
    this.inFlight.add(call);
    const forget = () => this.inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  /** Waits for every running execution and every in-flight task call (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running().length > 0 || this.inFlight.size > 0) {
      await Promise.allSettled([...this.running().map((e) => e.done), ...this.inFlight]);
    }
  }

  abortAll(): void {
    for (const e of this.running()) e.abort();
  }

  private prune() {
    if (this.executions.size <= MAX_KEPT) return;
    for (const [id, e] of this.executions) {
      if (e.status !== 'RUNNING') this.executions.delete(id);
      if (this.executions.size <= MAX_KEPT) break;
    }
  }
}

export interface RunnerOptions {
  retryIntervalMs?: number;
  /** Local stand-ins for service integrations (e.g. `aws-sdk:dynamodb:query`). */
  services?: ServiceBindings;
  /** The product clock: execution start times (`$$.Execution.StartTime`) come from it. */
  clock?: () => Date;
  limits?: Partial<WorkflowLimits>;
  /** The definitions were validated when the template was synthesized (local/synth.ts): skip it. */
  validated?: boolean;
}
