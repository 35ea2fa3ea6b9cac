/** Vendors: one item per vendor; the GSI1 projection lists them by name for the console. */
import type { Vendor } from '../../schemas/vendor.ts';
import type { ItemStore } from './item-store.ts';
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
