/**
 * The single source of truth for the local runtime is the CDK app itself. Its synthesized
 * CloudFormation template (local/synth.ts, cached by local/template-cache.ts) gives the table
 * definition, the state machine definitions and the task functions' entry paths; this module reads
 * them. It loads no CDK code, so a warm start never pays for aws-cdk-lib.
 */
import { ENTRY_METADATA_KEY, WORKFLOW_METADATA_KEY } from '#infra/constructs/metadata-keys.ts';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const localFunctionArn = (logicalId: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;

/** Resolves the intrinsic functions CDK puts in a state machine definition string. */
export function resolveIntrinsics(value: unknown, template: CfnTemplate): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if ('Fn::Join' in obj) {
    const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(resolveIntrinsics(p, template))).join(sep);
  }
  if ('Fn::GetAtt' in obj) {
    const [id, attr] = obj['Fn::GetAtt'] as [string, string];
    const type = template.Resources[id]?.Type;
    if (type === 'AWS::Lambda::Function' && attr === 'Arn') return localFunctionArn(id);
    return `${id}.${attr}`;
  }
  if ('Ref' in obj) {
    const ref = String(obj.Ref);
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return LOCAL_REGION;
    if (ref === 'AWS::AccountId') return LOCAL_ACCOUNT;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    return ref;
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveIntrinsics(v, template)]));
}

export interface WorkflowDefinition {
  name: string;
  /** STANDARD or EXPRESS: the local runner enforces the matching Step Functions limits. */
  type: 'STANDARD' | 'EXPRESS';
  definition: Record<string, unknown>;
  /** Task state name → entry file of the Lambda it invokes. */
  tasks: Record<string, string>;
  /** Task state name → service integration it calls, e.g. `aws-sdk:dynamodb:query`, `states:startExecution`. */
  services: Record<string, string>;
}

const SERVICE_PREFIX = /^arn:aws[a-z-]*:states:::/;

function collectTasks(
  states: Record<string, Record<string, unknown>>,
  out: Record<string, string>,
  entries: Map<string, string>,
  services: Record<string, string> = {},
) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task' && typeof state.Resource === 'string' && SERVICE_PREFIX.test(state.Resource)) {
      services[name] = state.Resource.replace(SERVICE_PREFIX, '');
    } else if (state.Type === 'Task' && typeof state.Resource === 'string') {
      const logicalId = state.Resource.split(':function:')[1]?.split(':')[0];
      const entry = logicalId ? entries.get(logicalId) : undefined;
      if (!entry) throw new Error(`Task ${name} invokes ${state.Resource}, which is not a product function`);
      if (out[name] && out[name] !== entry) throw new Error(`Two tasks are named ${name}`);
      out[name] = entry;
    }
    const processor = (state.ItemProcessor ?? state.Iterator) as
      | { States?: Record<string, Record<string, unknown>> }
      | undefined;
    if (processor?.States) collectTasks(processor.States, out, entries, services);
    for (const branch of (state.Branches ?? []) as { States: Record<string, Record<string, unknown>> }[]) {
      collectTasks(branch.States, out, entries, services);
    }
  }
}

/** The state machines of the template, keyed by workflow name (launch, review, sweep). */
export function workflowDefinitions(template: CfnTemplate): Record<string, WorkflowDefinition> {
  const entries = new Map<string, string>();
  for (const [id, r] of Object.entries(template.Resources)) {
    const entry = r.Metadata?.[ENTRY_METADATA_KEY];
    if (r.Type === 'AWS::Lambda::Function' && typeof entry === 'string') entries.set(id, entry);
  }
  const out: Record<string, WorkflowDefinition> = {};
  for (const r of Object.values(template.Resources)) {
    const name = r.Metadata?.[WORKFLOW_METADATA_KEY];
    if (r.Type !== 'AWS::StepFunctions::StateMachine' || typeof name !== 'string') continue;
    const definitionString = resolveIntrinsics(r.Properties?.DefinitionString, template);
    const definition = JSON.parse(String(definitionString)) as {
      States: Record<string, Record<string, unknown>>;
    };
    const tasks: Record<string, string> = {};
    const services: Record<string, string> = {};
    collectTasks(definition.States, tasks, entries, services);
    const type = r.Properties?.StateMachineType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
    out[name] = { name, type, definition, tasks, services };
  }
  return out;
}

/** The table's CreateTable input, from the synthesized AWS::DynamoDB::Table. */
export function tableDefinition(template: CfnTemplate, tableName: string) {
  const tables = Object.values(template.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
  if (tables.length !== 1)
    throw new Error(`Expected one DynamoDB table in the template, found ${tables.length}`);
  const p = tables[0]!.Properties as {
    KeySchema: { AttributeName: string; KeyType: string }[];
    AttributeDefinitions: { AttributeName: string; AttributeType: string }[];
    GlobalSecondaryIndexes?: { IndexName: string; KeySchema: unknown[]; Projection: unknown }[];
    BillingMode?: string;
  };
  return {
    TableName: tableName,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: p.BillingMode ?? 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((g) => ({
      IndexName: g.IndexName,
      KeySchema: g.KeySchema,
      Projection: g.Projection,
    })),
  };
}
