/**
 * Vendor incidents (docs/architecture.md, docs/incidents.md):
 * - the incident: one small item `INCIDENT#<id>` / `INCIDENT`, written with a version check;
 *   GSI1 `VENDOR#<vid>` / `INCIDENT#<reportedAt>#<id>` lists a vendor's incidents, GSI2
 *   `INCIDENTS#<open|closed>` / `<nextDueAt>#<id>` is the register, soonest deadline first;
 * - one due row per running deadline of ours, `INCIDENT#<id>` / `DEADLINE#<deadline id>`: only the
 *   sweep's ladder state changes there, so a reminder never rewrites the incident;
 * - the vendor's standing incident link, `VENDOR#<vid>` / `INCIDENTLINK`.
 */

import { AppError } from '../../errors.ts';
import type { DueFields } from '../../schemas/due.ts';
import type { Incident } from '../../schemas/incident.ts';
import { type Item, type ItemStore, isConditionFailure, type Key } from './item-store.ts';
import { TABLE_KEYS } from './table-layout.ts';

/** Sorts after any ISO date: closed or clock-less incidents come last in the register. */
const NO_DEADLINE = '~';

export const incidentKey = (id: string): Key => ({ PK: `INCIDENT#${id}`, SK: 'INCIDENT' });
export const deadlineKey = (incidentId: string, deadlineId: string): Key => ({
  PK: `INCIDENT#${incidentId}`,
  SK: `DEADLINE#${deadlineId}`,
});
export const incidentLinkKey = (vendorId: string): Key => ({ PK: `VENDOR#${vendorId}`, SK: 'INCIDENTLINK' });

/** The stored item of a vendor's incident link record (registration writes it in its batch). */
export const incidentLinkItem = (link: IncidentLinkRecord) => ({
  ...incidentLinkKey(link.vendorId),
  entity: 'IncidentLink',
  ...link,
});

export const toItem = (i: Incident) => ({
  ...incidentKey(i.id),
  GSI1PK: `VENDOR#${i.vendorId}`,
  GSI1SK: `INCIDENT#${i.reportedAt}#${i.id}`,
  GSI2PK: `INCIDENTS#${i.status}`,
  GSI2SK: `${i.nextDueAt ?? NO_DEADLINE}#${i.id}`,
  entity: 'Incident',
  ...i,
});

/** The due row of one deadline: what the sweep needs to word and address a step, nothing more. */
export interface DeadlineRow extends DueFields {
  id: string;
  incidentId: string;
  deadlineId: string;
  vendorId: string;
  vendorName: string;
  title: string;
  version: number;
}

export interface IncidentLinkRecord {
  vendorId: string;
  /**
   * The standing link's token. Unlike assessment links it is kept (encrypted at rest with the
   * table's key): it is printed in every vendor email and on the BAA page, so it must be reproducible.
   * Rotating it revokes the old one at once.
   */
  token: string;
  tokenHash: string;
  createdAt: string;
  version: number;
}

export class IncidentRepository {
  private readonly store: ItemStore;
  constructor(store: ItemStore) {
    this.store = store;
  }

  get(id: string): Promise<Incident | undefined> {
    return this.store.get<Incident>(incidentKey(id));
  }

  /** Writes a new incident; false when one with this id exists (the same report sent again). */
  createIfAbsent(incident: Incident): Promise<boolean> {
    return this.store.create(toItem(incident));
  }

  /** Saves an incident read at `incident.version`; 409 `version_conflict` when it changed since. */
  async save(incident: Incident): Promise<Incident> {
    await this.store.replace(toItem(incident), incident.version);
    return { ...incident, version: incident.version + 1 };
  }

  async listByVendor(vendorId: string): Promise<Incident[]> {
    // Indexes carry keys only (docs/architecture.md): the items come from a BatchGet.
    const { items } = await this.store.queryItems<Incident>({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `VENDOR#${vendorId}`, ':prefix': 'INCIDENT#' },
      ScanIndexForward: false,
    });
    return items;
  }

  /** The register: open (or closed) incidents, the soonest deadline first. */
  list(options: { status: 'open' | 'closed'; limit: number; cursor?: Record<string, unknown> }) {
    return this.store.queryItems<Incident>(
      {
        IndexName: TABLE_KEYS.gsi2.name,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `INCIDENTS#${options.status}` },
      },
      { limit: options.limit, cursor: options.cursor },
    );
  }

  async getDeadlineRow(incidentId: string, deadlineId: string) {
    return (await this.store.getRaw(deadlineKey(incidentId, deadlineId))) as
      | (DeadlineRow & Key & Item)
      | undefined;
  }

  /** Creates a deadline's due row; false when it exists (the caller then updates it). */
  createDeadlineRow(row: DeadlineRow): Promise<boolean> {
    return this.store.create({
      ...deadlineKey(row.incidentId, row.deadlineId),
      entity: 'IncidentDeadline',
      ...row,
    } as Item & Key);
  }

  /** Rewrites a due row read at `expectedVersion` (the sweep writes it the same way). */
  async replaceDeadlineRow(row: DeadlineRow & Key & Item, expectedVersion: number): Promise<boolean> {
    try {
      await this.store.replace(row, expectedVersion);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'version_conflict') return false;
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  getLink(vendorId: string): Promise<IncidentLinkRecord | undefined> {
    return this.store.get<IncidentLinkRecord>(incidentLinkKey(vendorId));
  }

  /** First link of a vendor: false when another request created one meanwhile. */
  createLink(link: IncidentLinkRecord): Promise<boolean> {
    return this.store.create(incidentLinkItem(link));
  }

  /** Replaces the link on rotation; 409 when a concurrent rotation won. */
  replaceLink(link: IncidentLinkRecord): Promise<void> {
    return this.store.replace(
      { ...incidentLinkKey(link.vendorId), entity: 'IncidentLink', ...link },
      link.version,
    );
  }
}
