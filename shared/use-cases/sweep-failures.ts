/**
 * What the sweep does when an item fails (the Map's Catch target), and the quarantine alert.
 *
 * - Each failure is counted on the item (`sweepFailures`, per deadline) and the item is retried
 *   later with a growing delay, out of the current sweep's window, so paging and the digest go on.
 * - After `policy.sweep.maxAttempts` failures the item is quarantined: taken off the due index
 *   (it comes back when its deadline changes) and compliance gets ONE alert. Exactly once rests on
 *   the same claim → send → confirm as the ladder: the alert record is created conditionally
 *   (only one sweep can create it) already claimed and on the due index; the creator sends and
 *   confirms (takes it off the index). A sweep that dies in between leaves it due; the next sweep
 *   after the claim window resends it (the only duplicate window is send → confirm).
 * - Failure records are bounded: each carries `purgeAt` (DynamoDB TTL in AWS, pruned locally).
 *
 * Counting and quarantining are UpdateItems on top-level attributes (not a whole-item rewrite),
 * so they work even on an item whose shape no longer parses.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, isConditionFailure, type Key } from '../adapters/dynamodb/item-store.ts';
import { purgeAfterDays, TABLE_KEYS } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import { dueShardFor } from '../domain/due-index.ts';
import { afterItemFailure } from '../domain/sweep-policy.ts';
import { quarantineAlertEmail } from '../email/sweep-emails.ts';
import type { DueState } from '../schemas/due.ts';
import { SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { policiesOf } from './policies.ts';

/** How long a claimed step may stay unconfirmed before another sweep resends it. */
export const CLAIM_WINDOW_MS = 10 * 60_000;
/** Failure records are kept this long (then TTL deletes them). */
export const FAILURE_RECORD_DAYS = 90;
export const QUARANTINE_ALERT_ENTITY = 'QuarantineAlert';

type DueItem = Item & Key & { version: number; due?: DueState; nextActionAt?: string; entity?: string };

interface FailureCount {
  count: number;
  /** The deadline the count belongs to: a new deadline starts from zero. */
  dueAt: string;
  lastError: string;
  lastAt: string;
}

export interface ItemFailureInput {
  item: Key;
  now: string;
  sweepId: string;
  error?: { Error?: string; Cause?: string };
}

const errorName = (input: { error?: { Error?: string } }) =>
  String(input.error?.Error ?? 'Unknown').slice(0, 200);

async function update(
  deps: Deps,
  key: Key,
  params: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
) {
  try {
    await deps.store.ddb.send(new UpdateCommand({ TableName: deps.store.tableName, Key: key, ...params }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function recordFailureEvent(deps: Deps, input: ItemFailureInput, outcome: string) {
  const now = deps.clock.now();
  await deps.store.create({
    PK: 'FAILURE#sweep',
    SK: `${now.toISOString()}#${input.item?.PK}#${input.item?.SK}#${randomUUID()}`,
    entity: 'Failure',
    error: errorName(input),
    sweepId: input.sweepId,
    item: input.item ? { PK: input.item.PK, SK: input.item.SK } : undefined,
    outcome,
    at: now.toISOString(),
    [TABLE_KEYS.timeToLive]: purgeAfterDays(now, FAILURE_RECORD_DAYS),
  });
}

/** The Map's Catch target: counts the failure on the item, retries it later or quarantines it. */
export async function recordItemFailure(deps: Deps, input: ItemFailureInput) {
  const error = errorName(input);
  const now = deps.clock.now();
  const item = (await deps.store.getRaw({ PK: input.item.PK, SK: input.item.SK })) as DueItem | undefined;
  if (!item?.nextActionAt) {
    await recordFailureEvent(deps, input, 'gone');
    return { result: 'failed', error };
  }
  const dueAt = item.due?.dueAt ?? String(item.nextActionAt);
  const previous = item.sweepFailures as FailureCount | undefined;
  const count = previous && previous.dueAt === dueAt ? previous.count : 0;
  const policy = policiesOf(deps).sweep;
  const decision = afterItemFailure(policy, count, now);
  const failures: FailureCount = {
    count: decision.attempts,
    dueAt,
    lastError: error,
    lastAt: now.toISOString(),
  };
  const isAlert = item.entity === QUARANTINE_ALERT_ENTITY;

  if (decision.action === 'retry' || isAlert) {
    // An alert that cannot be sent is never quarantined itself: it keeps retrying (the function
    // error alarm fires on every failure), at most once a day.
    const retryAt =
      decision.action === 'retry'
        ? decision.retryAt
        : new Date(now.getTime() + 24 * 60 * 60_000).toISOString();
    const later = [retryAt, String(item.nextActionAt)].sort().at(-1)!; // ISO strings: the later one
    const ok = await update(deps, input.item, {
      UpdateExpression: 'SET sweepFailures = :f, nextActionAt = :next, version = :v1',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: {
        ':f': failures,
        ':next': later,
        ':v': item.version,
        ':v1': item.version + 1,
      },
    });
    await recordFailureEvent(deps, input, ok ? 'retry' : 'lost_race');
    return { result: 'failed', error, attempts: decision.attempts, retryAt: later };
  }

  // Quarantine: first the alert (created claimed, so only this sweep sends it), then the item.
  const alertKey = {
    PK: 'SWEEP#QUARANTINE',
    SK: `${item.PK}|${item.SK}|${item.due?.kind ?? 'due'}|${dueAt}`,
  };
  const claimUntil = new Date(now.getTime() + CLAIM_WINDOW_MS).toISOString();
  const created = await deps.store.create({
    ...alertKey,
    entity: QUARANTINE_ALERT_ENTITY,
    version: 1,
    subject: { PK: item.PK, SK: item.SK },
    entityOfSubject: item.entity ?? null,
    vendorId: String(item.vendorId ?? (item.entity === 'Vendor' ? item.id : '') ?? ''),
    kind: item.due?.kind ?? 'deadline',
    dueAt,
    attempts: decision.attempts,
    error,
    quarantinedAt: now.toISOString(),
    claimedAt: now.toISOString(),
    sweepId: input.sweepId,
    dueShard: dueShardFor(alertKey.PK, alertKey.SK),
    nextActionAt: claimUntil,
  });
  const quarantined = await update(deps, input.item, {
    UpdateExpression:
      'SET sweepFailures = :f, sweepQuarantine = :q, version = :v1 REMOVE dueShard, nextActionAt',
    ConditionExpression: 'version = :v',
    ExpressionAttributeValues: {
      ':f': failures,
      ':q': { at: now.toISOString(), attempts: decision.attempts, dueAt, lastError: error },
      ':v': item.version,
      ':v1': item.version + 1,
    },
  });
  if (!quarantined) {
    // Someone changed the item meanwhile (an extension, a fix): it is not quarantined, so the
    // alert this sweep just created must not go out.
    if (created) {
      await deps.store.ddb
        .send(
          new DeleteCommand({
            TableName: deps.store.tableName,
            Key: alertKey,
            ConditionExpression: 'sweepId = :me AND attribute_not_exists(sentAt)',
            ExpressionAttributeValues: { ':me': input.sweepId },
          }),
        )
        .catch((error) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    await recordFailureEvent(deps, input, 'lost_race');
    return { result: 'failed', error, attempts: decision.attempts };
  }
  await recordFailureEvent(deps, input, 'quarantined');
  if (created) {
    const alert = (await deps.store.getRaw(alertKey)) as DueItem | undefined;
    if (alert) await sendAlert(deps, alert);
  }
  return { result: 'quarantined', error, attempts: decision.attempts };
}

/** Sends a claimed alert and confirms it (takes the alert record off the due index). */
async function sendAlert(deps: Deps, alert: DueItem) {
  const vendorId = String(alert.vendorId ?? '');
  const vendor = vendorId ? await deps.vendors.get(vendorId).catch(() => undefined) : undefined;
  const email = quarantineAlertEmail({
    organisation: deps.config.organisation,
    vendorName: vendor?.name ?? 'a vendor',
    itemTitle: describeSubject(String(alert.entityOfSubject ?? ''), String(alert.kind)),
    kind: String(alert.kind),
    dueAt: String(alert.dueAt),
    attempts: Number(alert.attempts),
    consoleUrl: `${deps.config.baseUrl}/console/vendors/${vendorId}`,
  });
  if (deps.config.mail.compliance.length > 0) {
    await deps.mailer.send({ to: deps.config.mail.compliance, kind: 'sweep-quarantine', ...email });
  }
  await update(
    deps,
    { PK: alert.PK, SK: alert.SK },
    {
      UpdateExpression: 'SET sentAt = :now, version = :v1 REMOVE dueShard, nextActionAt',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: {
        ':now': deps.clock.now().toISOString(),
        ':v': alert.version,
        ':v1': alert.version + 1,
      },
    },
  );
  if (vendor) {
    await audit(deps, {
      vendorId,
      actor: SYSTEM,
      action: 'deadline.quarantined',
      target: { type: 'deadline', id: String(alert.SK).slice(0, 200) },
      summary: `Reminders stopped after ${String(alert.attempts)} failed attempts; compliance alerted`,
    });
  }
  return { result: 'alerted' };
}

function describeSubject(entity: string, kind: string) {
  const words: Record<string, string> = {
    Assessment: 'security questionnaire',
    Finding: 'security finding',
    Baa: 'Business Associate Agreement',
    Vendor: 'periodic reassessment',
  };
  return words[entity] ?? kind.replaceAll('_', ' ');
}

/**
 * Due-item handler for alert records (see `processItem`): an alert still within its claim window
 * is in flight; an older one is claimed again and sent.
 */
export async function processQuarantineAlert(deps: Deps, alert: DueItem) {
  const claimTime = deps.clock.now();
  if (new Date(String(alert.claimedAt)).getTime() + CLAIM_WINDOW_MS > claimTime.getTime()) {
    return { result: 'in_flight' };
  }
  const reclaimed = await update(
    deps,
    { PK: alert.PK, SK: alert.SK },
    {
      UpdateExpression: 'SET claimedAt = :at, nextActionAt = :until, version = :v1',
      ConditionExpression: 'version = :v AND attribute_not_exists(sentAt)',
      ExpressionAttributeValues: {
        ':at': claimTime.toISOString(),
        ':until': new Date(claimTime.getTime() + CLAIM_WINDOW_MS).toISOString(),
        ':v': alert.version,
        ':v1': alert.version + 1,
      },
    },
  );
  if (!reclaimed) return { result: 'lost_race' };
  await sendAlert(deps, { ...alert, version: alert.version + 1 });
  return { result: 'recovered', kind: 'quarantine-alert' };
}

/** The sweep's own Catch target (paging itself failed): recorded, then the execution fails (alarm). */
export async function recordSweepFailure(deps: Deps, input: { error?: { Error?: string } }) {
  const now = deps.clock.now();
  await deps.store.create({
    PK: 'FAILURE#sweep',
    SK: `${now.toISOString()}#sweep#${randomUUID()}`,
    entity: 'Failure',
    error: errorName(input),
    at: now.toISOString(),
    [TABLE_KEYS.timeToLive]: purgeAfterDays(now, FAILURE_RECORD_DAYS),
  });
  return { recorded: true };
}
