/**
 * Assurance documents and annual verifications: each its own small item in a partition of its own
 * per vendor (docs/architecture.md "Item layout"), so a vendor's documents are one Query and never
 * grow the vendor item. Writes are conditional on `version`.
 *
 * | item         | PK                    | SK              |
 * | ------------ | --------------------- | --------------- |
 * | document     | `ASSURANCE#<vid>`     | `DOC#<id>`      |
 * | verification | `VERIFICATION#<vid>`  | `REQ#<id>`      |
 */
import type { AssuranceDocument, Verification } from '../../schemas/assurance.ts';
import type { ItemStore } from './item-store.ts';

export const assuranceKeys = {
  document: (vendorId: string, id: string) => ({ PK: `ASSURANCE#${vendorId}`, SK: `DOC#${id}` }),
  verification: (vendorId: string, id: string) => ({ PK: `VERIFICATION#${vendorId}`, SK: `REQ#${id}` }),
};

export const documentItem = (d: AssuranceDocument) => ({
  ...assuranceKeys.document(d.vendorId, d.id),
  entity: 'AssuranceDocument',
  ...d,
});
export const verificationItem = (v: Verification) => ({
  ...assuranceKeys.verification(v.vendorId, v.id),
  entity: 'Verification',
  ...v,
});

const byPrefix = (pk: string, prefix: string) => ({
  KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
  ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
  ConsistentRead: true,
});

export class AssuranceRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  getDocument(vendorId: string, id: string) {
    return this.store.get<AssuranceDocument>(assuranceKeys.document(vendorId, id));
  }

  async listDocuments(vendorId: string): Promise<AssuranceDocument[]> {
    const { items } = await this.store.query<AssuranceDocument>(byPrefix(`ASSURANCE#${vendorId}`, 'DOC#'));
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async createDocument(doc: AssuranceDocument): Promise<void> {
    if (!(await this.store.create(documentItem(doc)))) throw new Error('Assurance document id collision');
  }

  /** Conditional on the version read; a concurrent change answers `version_conflict` (409). */
  async saveDocument(doc: AssuranceDocument): Promise<AssuranceDocument> {
    await this.store.replace(documentItem(doc), doc.version);
    return { ...doc, version: doc.version + 1 };
  }

  getVerification(vendorId: string, id: string) {
    return this.store.get<Verification>(assuranceKeys.verification(vendorId, id));
  }

  /** Newest first (ids sort by request time). */
  async listVerifications(vendorId: string): Promise<Verification[]> {
    const { items } = await this.store.query<Verification>(byPrefix(`VERIFICATION#${vendorId}`, 'REQ#'));
    return items.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  async createVerification(v: Verification): Promise<void> {
    if (!(await this.store.create(verificationItem(v)))) throw new Error('Verification id collision');
  }

  async saveVerification(v: Verification): Promise<Verification> {
    await this.store.replace(verificationItem(v), v.version);
    return { ...v, version: v.version + 1 };
  }
}

const repositories = new WeakMap<ItemStore, AssuranceRepository>();

/** One repository per item store (no change to the composition root). */
export function assuranceRepository(deps: { store: ItemStore }): AssuranceRepository {
  let repo = repositories.get(deps.store);
  if (!repo) {
    repo = new AssuranceRepository(deps.store);
    repositories.set(deps.store, repo);
  }
  return repo;
}
