/**
 * The composition root: builds the dependencies every use case receives, once per process.
 * Lambda handlers and the local runtime call `getDeps()`; the local runtime first installs its
 * in-process workflow runner and adjustable clock with `overrideDeps`.
 */
import { join } from 'node:path';
import type { AwsClients } from './adapters/aws-clients.ts';
import { createAwsClients } from './adapters/aws-clients.ts';
import { OffsetClock, systemClock } from './adapters/clock.ts';
import { DocumentStore } from './adapters/document-store.ts';
import { AssessmentRepository } from './adapters/dynamodb/assessment-repository.ts';
import { AuditRepository } from './adapters/dynamodb/audit-repository.ts';
import { BaaRepository } from './adapters/dynamodb/baa-repository.ts';
import { FindingRepository } from './adapters/dynamodb/finding-repository.ts';
import { IncidentRepository } from './adapters/dynamodb/incident-repository.ts';
import { ItemStore } from './adapters/dynamodb/item-store.ts';
import { LinkRepository } from './adapters/dynamodb/link-repository.ts';
import { VendorRepository } from './adapters/dynamodb/vendor-repository.ts';
import { IncidentFooterMailer } from './adapters/incident-footer-mailer.ts';
import { SesMailer } from './adapters/ses-mailer.ts';
import { SfnWorkflowStarter } from './adapters/sfn-workflow-starter.ts';
import { type AppConfig, loadConfig } from './config.ts';
import type { Clock } from './ports/clock.ts';
import type { Mailer } from './ports/mailer.ts';
import type { WorkflowStarter } from './ports/workflows.ts';
import { incidentLinkUrl } from './use-cases/incident-link.ts';

export interface Deps {
  config: AppConfig;
  clients: AwsClients;
  clock: Clock;
  mailer: Mailer;
  workflows: WorkflowStarter;
  store: ItemStore;
  documents: DocumentStore;
  vendors: VendorRepository;
  assessments: AssessmentRepository;
  links: LinkRepository;
  findings: FindingRepository;
  baas: BaaRepository;
  audit: AuditRepository;
  incidents: IncidentRepository;
  /** Local mode only: operator controls (run a sweep now). */
  local?: { sweepNow(): Promise<unknown> };
}

export function createDeps(config: AppConfig, overrides: Partial<Deps> = {}): Deps {
  const clients = overrides.clients ?? createAwsClients(config);
  const store = new ItemStore(clients.ddb, config.tableName);
  const deps: Deps = {
    config,
    clients,
    clock: config.mode === 'local' ? new OffsetClock(join(config.dataDir, 'clock.json')) : systemClock,
    mailer: new SesMailer(clients.ses, config.mail.from, config.mail.configurationSet),
    workflows: new SfnWorkflowStarter(clients.sfn, config.stateMachines),
    store,
    documents: new DocumentStore(clients.s3, config.bucketName),
    vendors: new VendorRepository(store),
    assessments: new AssessmentRepository(store),
    links: new LinkRepository(store),
    findings: new FindingRepository(store),
    baas: new BaaRepository(store),
    audit: new AuditRepository(store),
    incidents: new IncidentRepository(store),
    ...overrides,
  };
  // Every vendor email carries the vendor's incident link; resolved through `deps` so a clock or
  // store installed later (local runtime) is the one used.
  deps.mailer = new IncidentFooterMailer(deps.mailer, (vendorId) => incidentLinkUrl(deps, vendorId));
  return deps;
}

let current: Deps | undefined;
let pending: Partial<Deps> = {};

/** Installs replacements (local workflow runner, local clock) before the first `getDeps()`. */
export function overrideDeps(overrides: Partial<Deps>): void {
  pending = { ...pending, ...overrides };
  if (current) current = { ...current, ...overrides };
}

export function getDeps(): Deps {
  current ??= createDeps(loadConfig(), pending);
  return current;
}

/** Makes `deps` the process's dependencies (the local runtime, which builds them itself). */
export function installDeps(deps: Deps): void {
  current = deps;
}

/** For tests that start a fresh runtime in the same process. */
export function resetDeps(): void {
  current = undefined;
  pending = {};
}
