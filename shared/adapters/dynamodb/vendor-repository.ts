/** Vendors: one item per vendor; the GSI1 projection lists them by name for the console. */
import { AppError } from '../../errors.ts';
import type { Vendor } from '../../schemas/vendor.ts';
import { incidentLinkKey } from './incident-repository.ts';
import { type ItemStore, stripKeys } from './item-store.ts';
import { keys, TABLE_KEYS } from './table-layout.ts';

export const toItem = (vendor: Vendor) => ({
  ...keys.vendor(vendor.id),
  ...keys.vendorList(vendor.name.toLowerCase(), vendor.id),
  ...keys.vendorStage(vendor.stage, vendor.name.toLowerCase(), vendor.id),
  entity: 'Vendor',
  ...vendor,
});

export class VendorRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  get(vendorId: string): Promise<Vendor | undefined> {
    return this.store.get<Vendor>(keys.vendor(vendorId));
  }

  /**
   * The vendor and the token of its standing incident link, in one BatchGetItem (strongly
   * consistent): for steps that email the vendor, so the footer needs no read of its own.
   */
  async getWithIncidentLink(vendorId: string): Promise<{ vendor?: Vendor; incidentToken?: string }> {
    const profile = keys.vendor(vendorId);
    const items = await this.store.batchGetRaw([profile, incidentLinkKey(vendorId)]);
    const vendorItem = items.find((i) => i.SK === profile.SK);
    const link = items.find((i) => i.SK !== profile.SK) as { token?: unknown } | undefined;
    return {
      ...(vendorItem ? { vendor: stripKeys<Vendor>(vendorItem) } : {}),
      ...(typeof link?.token === 'string' ? { incidentToken: link.token } : {}),
    };
  }

  /**
   * Saves `change(vendor)` for a vendor read earlier in the same step, without reading it again;
   * when someone wrote it meanwhile (version conflict) it re-reads and applies the change again.
   * `change` returns undefined when there is nothing to write.
   */
  async update(known: Vendor, change: (vendor: Vendor) => Vendor | undefined): Promise<Vendor | undefined> {
    let current: Vendor | undefined = known;
    for (let attempt = 0; current; attempt++) {
      const next = change(current);
      if (!next) return current;
      try {
        return await this.save(next);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'version_conflict') || attempt >= 4) throw error;
        current = await this.get(known.id);
      }
    }
    return undefined;
  }

  async create(vendor: Vendor): Promise<void> {
    if (!(await this.store.create(toItem(vendor)))) throw new Error(`Vendor ${vendor.id} already exists`);
  }

  /** Saves a changed vendor read at `vendor.version`; returns the stored copy (version + 1). */
  async save(vendor: Vendor): Promise<Vendor> {
    await this.store.replace(toItem(vendor), vendor.version);
    return { ...vendor, version: vendor.version + 1 };
  }

  /** The board column of one pipeline stage, by name. */
  listByStage(stage: string, options: { limit: number; cursor?: Record<string, unknown> }) {
    return this.store.queryItems<Vendor>(
      {
        IndexName: TABLE_KEYS.gsi2.name,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `STAGE#${stage}` },
      },
      options,
    );
  }

  list(options: { limit: number; cursor?: Record<string, unknown> }) {
    return this.store.queryItems<Vendor>(
      {
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'VENDORS' },
      },
      options,
    );
  }
}
