/**
 * The compliance digest: ladder steps of kind `digest` file a line (one item per line) during the
 * sweep, and the sweep's last step sends every unsent line in ONE email.
 *
 * Exactly one digest when sweeps race: the digest is claimed as a whole by a lease (a conditional
 * write that only one sweep can win while the lease runs); the winner reads the unsent lines,
 * sends, confirms each line as sent, then releases the lease. A loser sends nothing (its lines are
 * in the winner's email or wait for the next sweep). A sweep that dies after claiming leaves the
 * lease to expire and the lines unsent: the next sweep sends them (nothing lost; the only
 * duplicate window is send → confirm, as for ladder steps).
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, isConditionFailure, type Key } from '../adapters/dynamodb/item-store.ts';
import { purgeAfterDays, TABLE_KEYS } from '../adapters/dynamodb/table-layout.ts';
import type { Deps } from '../composition.ts';
import { DAY_MS } from '../domain/time.ts';
import { replyToOf } from '../email/compose.ts';
import { digestEmail } from '../email/deadline-emails.ts';
import { logger } from '../logger.ts';
import { sendNotices } from './sweep-notices.ts';

/** How long a digest claim holds: longer than any sweep execution (Express: 5 minutes). */
export const DIGEST_LEASE_MS = 10 * 60_000;
/** Digest lines are kept this long, then TTL deletes them. */
export const DIGEST_LINE_DAYS = 90;
/** Unsent lines are looked for this many days back (a digest repeats at least weekly). */
export const DIGEST_LOOKBACK_DAYS = 8;
const LEASE_KEY = { PK: 'SWEEP#DIGEST', SK: 'LEASE' };

export const digestPartition = (day: string) => `DIGEST#${day}`;

/** Files one digest line (idempotent per item, step and day). */
export async function fileDigestLine(
  deps: Deps,
  input: { item: Key; stepId: string; line: string; sweepId: string; now: string },
) {
  await deps.store.create({
    PK: digestPartition(input.now.slice(0, 10)),
    SK: `${input.item.PK}#${input.item.SK}#${input.stepId}`,
    entity: 'DigestLine',
    line: input.line,
    sweepId: input.sweepId,
    createdAt: input.now,
    [TABLE_KEYS.timeToLive]: purgeAfterDays(new Date(input.now), DIGEST_LINE_DAYS),
  });
}

async function claimLease(deps: Deps, sweepId: string): Promise<boolean> {
  const now = deps.clock.now();
  try {
    await deps.store.ddb.send(
      new PutCommand({
        TableName: deps.store.tableName,
        Item: {
          ...LEASE_KEY,
          entity: 'DigestLease',
          holder: sweepId,
          leaseUntil: new Date(now.getTime() + DIGEST_LEASE_MS).toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK) OR leaseUntil < :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function releaseLease(deps: Deps, sweepId: string) {
  await deps.store.ddb
    .send(
      new DeleteCommand({
        TableName: deps.store.tableName,
        Key: LEASE_KEY,
        ConditionExpression: 'holder = :me',
        ExpressionAttributeValues: { ':me': sweepId },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * The sweep's last step: the batched notices of the steps claimed in this sweep (one email per
 * person per vendor per step kind, or the daily digest; sweep-notices.ts), then the weekly
 * compliance digest. A notice group that fails keeps its lines and its lock: the first sweep after
 * the lock expires sends it (nothing lost); the failure is counted in the result and logged.
 */
export async function sendDigests(
  deps: Deps,
  input: { sweep?: { sweepId: string; now: string }; due?: { sweepId: string; now: string } },
) {
  const { sweepId, now } = (input.sweep ?? input.due)!;
  const notices = await sendNotices(deps, { sweepId, now });
  if (notices.failed > 0)
    logger.error('Deadline notices failed; retried after the lock expires', {
      failed: notices.failed,
      emails: notices.emails,
    });
  return { ...(await sendWeeklyDigest(deps, sweepId, now)), notices };
}

/** Sends the compliance digest: every filed line not yet sent, in one email, once. */
async function sendWeeklyDigest(deps: Deps, sweepId: string, now: string) {
  if (!(await claimLease(deps, sweepId)))
    return { sent: false, lines: 0, reason: 'claimed by another sweep' };
  try {
    const pending: (Item & Key)[] = [];
    for (let d = 0; d < DIGEST_LOOKBACK_DAYS; d++) {
      const day = new Date(new Date(now).getTime() - d * DAY_MS).toISOString().slice(0, 10);
      const { items } = await deps.store.query<Item & Key>(
        {
          KeyConditionExpression: 'PK = :pk',
          FilterExpression: 'attribute_not_exists(sentBy)',
          ExpressionAttributeValues: { ':pk': digestPartition(day) },
          ConsistentRead: true,
        },
        { keepKeys: true },
      );
      pending.push(...items);
    }
    if (pending.length === 0 || deps.config.mail.compliance.length === 0) {
      return { sent: false, lines: pending.length };
    }
    const email = digestEmail({
      organisation: deps.config.organisation,
      lines: pending.map((l) => String(l.line)),
      consoleUrl: `${deps.config.baseUrl}/console/findings?overdue=true`,
      asOf: now,
    });
    await deps.mailer.send({
      to: deps.config.mail.compliance,
      kind: 'overdue-digest',
      replyTo: replyToOf(deps.config, 'compliance'),
      ...email,
    });
    // Confirm: each line is marked sent (by this sweep) so no later digest repeats it.
    const sentAt = deps.clock.now().toISOString();
    for (const line of pending) {
      await deps.store.ddb
        .send(
          new UpdateCommand({
            TableName: deps.store.tableName,
            Key: { PK: line.PK, SK: line.SK },
            UpdateExpression: 'SET sentBy = :sweep, sentAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':sweep': sweepId, ':at': sentAt },
          }),
        )
        .catch((error) => {
          if (!isConditionFailure(error)) throw error; // expired meanwhile: nothing to mark
        });
    }
    return { sent: true, lines: pending.length };
  } finally {
    await releaseLease(deps, sweepId);
  }
}
