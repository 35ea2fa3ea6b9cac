/**
 * Starts Step Functions executions. In AWS: StartExecution through the SDK. Locally: the same
 * synthesized state machines run in-process by aws-local-stepfunctions. `name` makes a start
 * idempotent: a second start with the same name is a no-op.
 */
export type WorkflowName = 'launch' | 'review' | 'sweep';

export interface WorkflowStarter {
  start(
    workflow: WorkflowName,
    input: Record<string, unknown>,
    name: string,
  ): Promise<{ executionId: string }>;
}
