/**
 * Runs the synthesized state machines in-process with aws-local-stepfunctions, binding each Task
 * to the same handler module Lambda runs (read from the template's entry metadata). It implements
 * the WorkflowStarter port, so use cases start workflows locally exactly as they do in AWS.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import { logger } from '#shared/logger.ts';
import type { WorkflowName, WorkflowStarter } from '#shared/ports/workflows.ts';
import type { WorkflowDefinition } from './template.ts';

type Handler = (event: unknown) => Promise<unknown>;
type JsonValue = Parameters<StateMachine['run']>[0];

export interface ExecutionRecord {
  id: string;
  workflow: WorkflowName;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startedAt: string;
  stoppedAt?: string;
  output?: unknown;
  error?: string;
  done: Promise<void>;
  abort: () => void;
}

const ROOT = join(import.meta.dirname, '..');
const MAX_KEPT = 500;

export class LocalWorkflowRunner implements WorkflowStarter {
  private readonly machines = new Map<
    WorkflowName,
    { machine: StateMachine; handlers: Record<string, Handler> }
  >();
  readonly executions = new Map<string, ExecutionRecord>();
  /** Task handler calls still running; an aborted execution's in-flight task runs to completion, as in Lambda. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly retryIntervalMs: number | undefined;

  private constructor(retryIntervalMs?: number) {
    this.retryIntervalMs = retryIntervalMs;
  }

  /** Loads each workflow's definition and imports its task handlers. */
  static async create(
    definitions: Record<string, WorkflowDefinition>,
    options: {
      retryIntervalMs?: number;
      /** The definitions were validated when the template was synthesized (local/synth.ts): skip it. */
      validated?: boolean;
    } = {},
  ) {
    const runner = new LocalWorkflowRunner(options.retryIntervalMs);
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
      const machine = new StateMachine(
        def.definition as unknown as ConstructorParameters<typeof StateMachine>[0],
        {
          // Validating compiles the ASL JSON schemas with ajv: ~1.7 s of every start when repeated here.
          validationOptions: { checkArn: false, noValidate: options.validated === true },
        },
      );
      runner.machines.set(def.name as WorkflowName, { machine, handlers });
    }
    return runner;
  }

  async start(workflow: WorkflowName, input: Record<string, unknown>, name: string) {
    const id = `${workflow}:${name}`;
    if (this.executions.has(id)) return { executionId: id }; // same name: idempotent, like StartExecution
    const entry = this.machines.get(workflow);
    if (!entry) throw new Error(`No local state machine for the ${workflow} workflow`);
    const overrides = {
      taskResourceLocalHandlers: Object.fromEntries(
        Object.entries(entry.handlers).map(([state, handler]) => [
          state,
          (payload: unknown) => this.track(handler(payload)) as Promise<JsonValue>,
        ]),
      ),
      ...(this.retryIntervalMs === undefined
        ? {}
        : {
            retryIntervalOverrides: Object.fromEntries(
              Object.keys(entry.handlers).map((s) => [s, this.retryIntervalMs!]),
            ),
          }),
    };
    const execution = entry.machine.run(input as JsonValue, { overrides, noThrowOnAbort: true });
    const record: ExecutionRecord = {
      id,
      workflow,
      status: 'RUNNING',
      startedAt: new Date().toISOString(),
      done: Promise.resolve(),
      abort: execution.abort,
    };
    record.done = execution.result.then(
      (output) => {
        record.status = output === null ? 'ABORTED' : 'SUCCEEDED';
        record.output = output;
        record.stoppedAt = new Date().toISOString();
      },
      (error: unknown) => {
        record.status = 'FAILED';
        record.error = error instanceof Error ? error.message : String(error);
        record.stoppedAt = new Date().toISOString();
        // The Lambda-side equivalent is the failed-executions alarm.
        logger.error('Workflow execution failed', { workflow, executionId: id, error: record.error });
      },
    );
    this.executions.set(id, record);
    this.prune();
    return { executionId: id };
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
