/** Starts the deployed state machines through the Step Functions SDK. */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowName, WorkflowStarter } from '../ports/workflows.ts';

export class SfnWorkflowStarter implements WorkflowStarter {
  private readonly sfn: SFNClient;
  private readonly arns: Partial<Record<WorkflowName, string>>;

  constructor(sfn: SFNClient, arns: Partial<Record<WorkflowName, string>>) {
    this.sfn = sfn;
    this.arns = arns;
  }

  async start(workflow: WorkflowName, input: Record<string, unknown>, name: string) {
    const arn = this.arns[workflow];
    if (!arn) throw new Error(`No state machine ARN configured for the ${workflow} workflow`);
    try {
      const out = await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          name: name.slice(0, 80),
          input: JSON.stringify(input),
        }),
      );
      return { executionId: out.executionArn ?? name };
    } catch (error) {
      // Same name, same input: the execution already runs or ran. Starting is idempotent by design.
      if (error instanceof ExecutionAlreadyExists) return { executionId: `${arn}:${name}` };
      throw error;
    }
  }
}
