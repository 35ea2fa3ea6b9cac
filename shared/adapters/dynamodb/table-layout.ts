/**
 * The single-table layout: attribute names, key builders and what each index projects.
 *
 * Indexes project keys only (GSI2 adds `severity`, which the findings register filters on): an
 * index write then happens only when an item's index keys change, never because its status or
 * answers did. List queries read keys from the index and the items by BatchGetItem
 * (`ItemStore.queryItems`), so callers still get whole entities and a new attribute never needs an
 * index change (changing a projection recreates the index on AWS). The CDK data construct builds the
 * table from these names and the local runtime creates it from the synthesized template, so the
 * names live here once. docs/architecture.md lists the access patterns.
 */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Overloaded index: a vendor's assessments, the vendor list, registers. */
  gsi1: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projected: [] as readonly string[] },
  /** Registers: vendors by pipeline stage (the board), findings by status and due date. */
  gsi2: {
    name: 'GSI2',
    partitionKey: 'GSI2PK',
    sortKey: 'GSI2SK',
    /** The findings register filters by severity on the index. */
    projected: ['severity'] as readonly string[],
  },
  /**
   * Sparse due-action index: only items with a pending reminder/escalation carry `dueShard` and
   * `nextActionAt`, so the sweep queries what is due (never a Scan) and its cost follows due items.
   */
  due: {
    name: 'DueIndex',
    partitionKey: 'dueShard',
    sortKey: 'nextActionAt',
    projected: [] as readonly string[],
  },
  /**
   * Time-to-live attribute (epoch seconds) of records kept only for a while: sweep failure records,
   * digest lines. DynamoDB deletes them after that time in AWS; locally a pruner does (dynalite has
   * no TTL). Entities people rely on never carry it.
   */
  timeToLive: 'purgeAt',
} as const;

/** The `purgeAt` value for a record to be deleted `days` after `now`. */
export const purgeAfterDays = (now: Date, days: number) => Math.floor(now.getTime() / 1000) + days * 86_400;

export const keys = {
  vendor: (vendorId: string) => ({ PK: `VENDOR#${vendorId}`, SK: 'PROFILE' }),
  vendorList: (sortName: string, vendorId: string) => ({
    GSI1PK: 'VENDORS',
    GSI1SK: `${sortName}#${vendorId}`,
  }),
  vendorStage: (stage: string, sortName: string, vendorId: string) => ({
    GSI2PK: `STAGE#${stage}`,
    GSI2SK: `${sortName}#${vendorId}`,
  }),
  findingRegister: (status: string, dueAt: string, assessmentId: string, findingId: string) => ({
    GSI2PK: `FINDINGS#${status}`,
    GSI2SK: `${dueAt}#${assessmentId}#${findingId}`,
  }),
  assessment: (assessmentId: string) => ({ PK: `ASSESSMENT#${assessmentId}`, SK: 'STATE' }),
  /**
   * The review's "email sent" marks of an assessment: a small item of its own, so a mark costs one
   * write unit instead of a rewrite of the 2–3 KB state item.
   */
  assessmentNotified: (assessmentId: string) => ({ PK: `ASSESSMENT#${assessmentId}`, SK: 'NOTIFIED' }),
  /** A frozen questionnaire, stored once per distinct content (content-addressed, immutable). */
  frozenQuestionnaire: (sha256: string) => ({ PK: `QUESTIONNAIRE#${sha256}`, SK: 'FROZEN' }),
  /** The table's layout version, for the local data migration on start. */
  layout: () => ({ PK: 'META', SK: 'LAYOUT' }),
  assessmentOfVendor: (vendorId: string, createdAt: string, assessmentId: string) => ({
    GSI1PK: `VENDOR#${vendorId}`,
    GSI1SK: `ASSESSMENT#${createdAt}#${assessmentId}`,
  }),
  finding: (assessmentId: string, findingId: string) => ({
    PK: `ASSESSMENT#${assessmentId}`,
    SK: `FINDING#${findingId}`,
  }),
  findingOfVendor: (vendorId: string, findingKey: string) => ({
    GSI1PK: `VENDOR#${vendorId}`,
    GSI1SK: `FINDING#${findingKey}`,
  }),
  clarification: (assessmentId: string, questionId: string) => ({
    PK: `ASSESSMENT#${assessmentId}`,
    SK: `CLARIFICATION#${questionId}`,
  }),
  verdict: (assessmentId: string, questionId: string) => ({
    PK: `ASSESSMENT#${assessmentId}`,
    SK: `VERDICT#${questionId}`,
  }),
  link: (tokenHash: string) => ({ PK: `LINK#${tokenHash}`, SK: 'LINK' }),
  auditEvent: (vendorId: string, seq: number) => ({
    PK: `AUDIT#${vendorId}`,
    SK: `EVENT#${String(seq).padStart(10, '0')}`,
  }),
  auditPartition: (vendorId: string) => `AUDIT#${vendorId}`,
  baa: (vendorId: string, baaId: string) => ({ PK: `VENDOR#${vendorId}`, SK: `BAA#${baaId}` }),
  baaRegister: (status: string, expiresAt: string, vendorId: string, baaId: string) => ({
    GSI1PK: 'BAAS',
    GSI1SK: `${status}#${expiresAt}#${vendorId}#${baaId}`,
  }),
  failure: (workflow: string, executionKey: string) => ({ PK: `FAILURE#${workflow}`, SK: executionKey }),
} as const;
