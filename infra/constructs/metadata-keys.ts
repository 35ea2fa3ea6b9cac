/**
 * Metadata the constructs put on synthesized resources for the local runtime to read back from the
 * template. Plain constants in their own module so the local runtime can read a cached template
 * without loading the CDK.
 */
/** On each AWS::Lambda::Function: the entry file, e.g. `functions/workflows/launch.ts`. */
export const ENTRY_METADATA_KEY = 'baa:entry';
/** On each AWS::StepFunctions::StateMachine: the workflow name (launch, review, sweep). */
export const WORKFLOW_METADATA_KEY = 'baa:workflow';
