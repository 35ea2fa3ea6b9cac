/**
 * Workflow task functions receive `{ step, input }` from their state machine and run the named step
 * with the shared dependencies. Unknown steps fail loudly (a definition/code mismatch is a bug).
 * Errors keep their name so that Step Functions' Retry (TransientError) and Catch can match them.
 */
import { type Deps, getDeps, useComposition } from '#shared/composition.ts';
import { logger } from '#shared/logger.ts';
import { workflowComposition } from './composition.ts';

// Every workflow task function is built with DynamoDB and SES only (see ./composition.ts).
useComposition(workflowComposition);

export type Step = (deps: Deps, input: never) => Promise<unknown>;

export interface StepEvent {
  step: string;
  input: Record<string, unknown>;
}

export function dispatcher(workflow: string, steps: Record<string, Step>) {
  return async (event: StepEvent): Promise<unknown> => {
    const step = steps[event?.step];
    if (!step) throw new Error(`Unknown ${workflow} step: ${String(event?.step)}`);
    try {
      return await step(getDeps(), event.input as never);
    } catch (error) {
      logger.warn('Workflow step failed', {
        workflow,
        step: event.step,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      throw error;
    }
  };
}
