/**
 * The composition root: builds the dependencies every use case receives, once per process and
 * lazily — a part is built the first time a use case touches it, so a cold start pays only for what
 * the first request needs.
 *
 * Each Lambda entry declares its own `Composition` (functions/api/composition.ts,
 * functions/workflows/composition.ts): which SDK clients and adapters it has. Only those modules are
 * imported, so esbuild bundles only the clients a function calls (the workflow functions never call
 * S3 or Step Functions and do not ship them). Using a part a function was not composed with is a
 * bug and fails loudly. The local runtime composes everything and installs its in-process workflow
 * runner and adjustable clock as overrides.
 */
import { join } from 'node:path';
import type { AuditHeadArchive } from './adapters/audit-head-archive.ts';
import type { AwsClients } from './adapters/aws-clients.ts';
import { OffsetClock, systemClock } from './adapters/clock.ts';
import type { DocumentStore } from './adapters/document-store.ts';
import { AssessmentRepository } from './adapters/dynamodb/assessment-repository.ts';
import { AuditRepository } from './adapters/dynamodb/audit-repository.ts';
import { BaaRepository } from './adapters/dynamodb/baa-repository.ts';
import { FindingRepository } from './adapters/dynamodb/finding-repository.ts';
import { IncidentRepository } from './adapters/dynamodb/incident-repository.ts';
import { ItemStore } from './adapters/dynamodb/item-store.ts';
import { LinkRepository } from './adapters/dynamodb/link-repository.ts';
import { ReviewDeskRepository } from './adapters/dynamodb/review-desk-repository.ts';
import { VendorRepository } from './adapters/dynamodb/vendor-repository.ts';
import { IncidentFooterMailer } from './adapters/incident-footer-mailer.ts';
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
  /** The write-once archive of audit chain heads (absent when no archive bucket is configured). */
  auditArchive?: AuditHeadArchive;
  /** Clarification threads and reviewer verdicts (items under the assessment). */
  reviewDesk: ReviewDeskRepository;
  incidents: IncidentRepository;
  /** Local mode only: operator controls (run a sweep now). */
  local?: { sweepNow(): Promise<unknown> };
}

/** What one function is built with. DynamoDB is always there; the rest only where a function calls it. */
export interface Composition {
  /** A name for error messages ("the review workflow function"). */
  name: string;
  clients: { ddb: (config: AppConfig) => AwsClients['ddb'] } & {
    [K in Exclude<keyof AwsClients, 'ddb'>]?: (config: AppConfig) => AwsClients[K];
  };
  mailer?: (deps: Deps) => Mailer;
  workflows?: (deps: Deps) => WorkflowStarter;
  documents?: (deps: Deps) => DocumentStore;
  /** The write-once archive of audit heads (S3), where the function reads or publishes them. */
  auditArchive?: (deps: Deps, bucket: string) => AuditHeadArchive;
}

/** Defines `name` on `target` as a getter that builds the value once, on first use. */
function lazy<T extends object>(target: T, name: PropertyKey, build: () => unknown): void {
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build();
      Object.defineProperty(target, name, { value, configurable: true, enumerable: true, writable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(target, name, { value, configurable: true, enumerable: true, writable: true });
    },
  });
}

const missing = (composition: string, part: string) => () => {
  throw new Error(`${part} is not part of the composition of ${composition} (it was not bundled)`);
};

export function composeDeps(
  config: AppConfig,
  composition: Composition,
  overrides: Partial<Deps> = {},
): Deps {
  const deps = { config } as Deps;
  const clients = {} as AwsClients;
  for (const name of ['ddb', 'ses', 's3', 'sfn'] as const) {
    const build = composition.clients[name];
    lazy(clients, name, build ? () => build(config) : missing(composition.name, `The ${name} client`));
  }
  lazy(deps, 'clients', () => clients);
  lazy(deps, 'clock', () =>
    config.mode === 'local' ? new OffsetClock(join(config.dataDir, 'clock.json')) : systemClock,
  );
  for (const name of ['workflows', 'documents'] as const) {
    const build = composition[name];
    lazy(deps, name, build ? () => build(deps) : missing(composition.name, `The ${name} adapter`));
  }
  // Every vendor email carries the vendor's incident link; resolved through `deps` so a clock or
  // store installed later (local runtime) is the one used.
  const buildMailer = composition.mailer;
  lazy(
    deps,
    'mailer',
    buildMailer
      ? () => new IncidentFooterMailer(buildMailer(deps), (vendorId) => incidentLinkUrl(deps, vendorId))
      : missing(composition.name, 'The mailer adapter'),
  );
  lazy(deps, 'store', () => new ItemStore(deps.clients.ddb, config.tableName));
  lazy(deps, 'vendors', () => new VendorRepository(deps.store));
  lazy(deps, 'assessments', () => new AssessmentRepository(deps.store));
  lazy(deps, 'links', () => new LinkRepository(deps.store));
  lazy(deps, 'findings', () => new FindingRepository(deps.store));
  lazy(deps, 'baas', () => new BaaRepository(deps.store));
  lazy(deps, 'reviewDesk', () => new ReviewDeskRepository(deps.store));
  lazy(deps, 'incidents', () => new IncidentRepository(deps.store));
  // Built only when the deployment has an archive bucket and the function was composed with it.
  lazy(deps, 'auditArchive', () =>
    composition.auditArchive && config.auditArchiveBucket
      ? composition.auditArchive(deps, config.auditArchiveBucket)
      : undefined,
  );
  lazy(deps, 'audit', () => new AuditRepository(deps.store, deps.auditArchive));
  for (const [name, value] of Object.entries(overrides)) {
    Object.defineProperty(deps, name, { value, configurable: true, enumerable: true, writable: true });
  }
  return deps;
}

let current: Deps | undefined;
let pending: Partial<Deps> = {};
let processComposition: Composition | undefined;

/** Each Lambda entry names its composition when it loads (before the first `getDeps()`). */
export function useComposition(composition: Composition): void {
  processComposition = composition;
}

/** Installs replacements (local workflow runner, local clock) before the first `getDeps()`. */
export function overrideDeps(overrides: Partial<Deps>): void {
  pending = { ...pending, ...overrides };
  if (current) {
    for (const [name, value] of Object.entries(overrides)) {
      Object.defineProperty(current, name, { value, configurable: true, enumerable: true, writable: true });
    }
  }
}

export function getDeps(): Deps {
  if (!current) {
    if (!processComposition) throw new Error('No composition: the entry module must call useComposition()');
    current = composeDeps(loadConfig(), processComposition, pending);
  }
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
