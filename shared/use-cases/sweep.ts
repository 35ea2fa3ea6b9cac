/**
 * The deadline sweep's steps. Exactly-once per ladder step rests on one rule: a step is claimed by
 * a conditional write of the item (version check) that records the step as done and parks it in
 * the item's outbox BEFORE the email goes out; confirming clears the outbox. Two sweeps racing on an
 * item: one claim wins, the other sends nothing. A sweep killed between claim and confirm: the next
 * sweep after CLAIM_WINDOW finds the parked step and sends it (nothing lost). The narrow window
 * between a successful send and the confirm write is the only place a duplicate can arise.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toItem as assessmentItem } from '../adapters/dynamodb/assessment-repository.ts';
import { toItem as baaItem } from '../adapters/dynamodb/baa-repository.ts';
import { toItem as findingItem } from '../adapters/dynamodb/finding-repository.ts';
import { type Item, isConditionFailure, type Key, stripKeys } from '../adapters/dynamodb/item-store.ts';
import { TABLE_KEYS } from '../adapters/dynamodb/table-layout.ts';
import { toItem as vendorItem } from '../adapters/dynamodb/vendor-repository.ts';
import type { Deps } from '../composition.ts';
import { DUE_SHARDS, scheduleDue } from '../domain/due-index.ts';
import { describeStep, type LadderStep, nextLadderAction } from '../domain/escalation-policy.ts';
import { DAY_MS } from '../domain/time.ts';
import { replyToOf } from '../email/compose.ts';
import { digestEmail } from '../email/deadline-emails.ts';
import { formatDate } from '../email/layout.ts';
import { AppError } from '../errors.ts';
import { humanDate } from '../labels.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import type { DueState } from '../schemas/due.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { SYSTEM } from './actor.ts';
import { audit } from './audit.ts';
import { baaStatusAfterStep, mirrorOnVendor } from './baa.ts';
import { policiesOf } from './policies.ts';
import { clearNoticeIntent, fileNotices, markNoticeIntent, sendNotices } from './sweep-notices.ts';

/** How long a claimed step may stay unconfirmed before another sweep resends it. */
export const CLAIM_WINDOW_MS = 10 * 60_000;
/** Items per sweep page; the workflow loops while more are due. */
export const SWEEP_BATCH = 100;

type DueItem = Item & Key & { version: number; due?: DueState; nextActionAt?: string; entity?: string };

export interface FindDueInput {
  sweepId?: string;
}

/** Reads what is due from the sparse index (one query per shard, never a Scan). */
export async function findDue(deps: Deps, input: FindDueInput = {}) {
  const now = deps.clock.now().toISOString();
  const items: Key[] = [];
  let more = false;
  for (let shard = 0; shard < DUE_SHARDS && items.length < SWEEP_BATCH; shard++) {
    const page = await deps.store.query<Item>(
      {
        IndexName: TABLE_KEYS.due.name,
        KeyConditionExpression: 'dueShard = :shard AND nextActionAt <= :now',
        ExpressionAttributeValues: { ':shard': `DUE#${shard}`, ':now': now },
        ProjectionExpression: 'PK, SK',
      },
      { limit: SWEEP_BATCH - items.length, keepKeys: true },
    );
    items.push(...(page.items as unknown as Key[]).map((k) => ({ PK: k.PK, SK: k.SK })));
    if (page.cursor) more = true;
  }
  return { now, sweepId: input.sweepId ?? randomUUID(), items, count: items.length, more };
}

interface StepContext {
  vendor: Vendor | undefined;
  title: string;
  assessmentId?: string;
  /** BAA deadlines link the vendor to the BAA page. */
  baa?: boolean;
}

async function contextOf(deps: Deps, item: DueItem): Promise<StepContext> {
  const vendorId = String(item.vendorId ?? item.id ?? '');
  const vendor = await deps.vendors.get(vendorId);
  switch (item.entity) {
    case 'Assessment':
      return {
        vendor,
        title: 'Security questionnaire',
        assessmentId: String(item.id),
      };
    case 'Finding':
      return {
        vendor,
        title: String(item.title),
        assessmentId: String(item.assessmentId),
      };
    case 'Vendor':
      return { vendor, title: 'Periodic security reassessment' };
    case 'Baa': {
      const party = item.party as { type?: string; name?: string } | undefined;
      return {
        vendor,
        title: `Business Associate Agreement${party?.type === 'subcontractor' ? ` of subcontractor ${party.name}` : ''}`,
        baa: true,
      };
    }
    default:
      return { vendor, title: String(item.title ?? 'deadline') };
  }
}

/**
 * Files one ladder step: for digests a line of the weekly compliance digest, for the other steps
 * one notice line per recipient, sent batched at the end of the sweep (sweep-notices.ts).
 */
async function deliver(
  deps: Deps,
  item: DueItem,
  due: DueState,
  step: LadderStep,
  sweepId: string,
  now: string,
) {
  const ctx = await contextOf(deps, item);
  if (step.kind === 'digest') {
    const severity = due.severity ? `${due.severity[0]!.toUpperCase()}${due.severity.slice(1)}: ` : '';
    await deps.store.create({
      PK: `DIGEST#${now.slice(0, 10)}`,
      SK: `${item.PK}#${item.SK}#${step.id}`,
      entity: 'DigestLine',
      line: `${ctx.vendor?.name ?? 'Unknown vendor'}: ${severity}${ctx.title} — due ${formatDate(due.dueAt)} (${describeStep(step, due.kind)})`,
      sweepId,
      createdAt: now,
    });
    return { to: 0 };
  }
  const to = await fileNotices(deps, {
    item: { PK: item.PK, SK: item.SK },
    step,
    due,
    vendor: ctx.vendor,
    title: ctx.title,
    ...(ctx.assessmentId ? { assessmentId: ctx.assessmentId } : {}),
    ...(ctx.baa ? { baa: true } : {}),
    now,
    sweepId,
  });
  return { to };
}

/** The effect of a lapse step: an accepted risk whose acceptance expired becomes an open finding again. */
function afterLapse(deps: Deps, item: DueItem, now: string): Partial<DueItem> {
  if (item.entity !== 'Finding') return {};
  const history = Array.isArray(item.history) ? item.history : [];
  return {
    status: 'open',
    acceptance: undefined,
    history: [...history, { at: now, actor: 'system', action: 'acceptance_lapsed' }],
    ...scheduleDue(policiesOf(deps).escalation, item, {
      kind: 'finding_remediation',
      dueAt: now,
      severity: item.severity as DueState['severity'],
    }),
  };
}

/** Only the lifecycle fields of a BAA step's effect: the due fields are the confirm write's own. */
const baaStatusFields = (baa: BaaRecord): Partial<DueItem> => ({
  status: baa.status,
  history: baa.history,
  updatedAt: baa.updatedAt,
});

/** Writes the item back only if nobody else wrote it since it was read. */
/**
 * The sweep rewrites whole items it read raw; a changed status or date must also move the item in
 * the registers (GSI keys), so keys are rebuilt by the same builders the repositories use.
 */
function withIndexKeys(item: DueItem): DueItem {
  const { entity } = item;
  const rebuild =
    entity === 'Finding'
      ? findingItem
      : entity === 'Baa'
        ? baaItem
        : entity === 'Vendor'
          ? vendorItem
          : entity === 'Assessment'
            ? assessmentItem
            : undefined;
  // Strip the stale key attributes first: the builders put the entity's fields last.
  return rebuild ? (rebuild(stripKeys(item) as never) as DueItem) : item;
}

async function writeIfUnchanged(deps: Deps, item: DueItem, changes: Partial<DueItem>): Promise<boolean> {
  try {
    await deps.store.replace(withIndexKeys({ ...item, ...changes }), item.version);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'version_conflict') return false;
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export interface ProcessItemInput {
  item: Key;
  now: string;
  sweepId: string;
}

export async function processItem(deps: Deps, input: ProcessItemInput) {
  const { now, sweepId } = input;
  const item = (await deps.store.getRaw({ PK: input.item.PK, SK: input.item.SK })) as DueItem | undefined;
  if (!item?.due || !item.nextActionAt) return { result: 'gone' };
  if (item.nextActionAt > now) return { result: 'not_due' };
  const due = item.due;

  // Claims are timed by the clock at the moment of claiming (not the sweep's snapshot), so a slow
  // sweep's claim is never mistaken for an abandoned one.
  const claimTime = deps.clock.now();
  const claimUntil = new Date(claimTime.getTime() + CLAIM_WINDOW_MS).toISOString();

  // Recovery: a step claimed earlier and never confirmed is claimed again, then sent.
  if (due.outbox) {
    if (new Date(due.outbox.claimedAt).getTime() + CLAIM_WINDOW_MS > claimTime.getTime()) {
      return { result: 'in_flight' };
    }
    const reclaimed: DueState = {
      ...due,
      outbox: { ...due.outbox, claimedAt: claimTime.toISOString(), sweepId },
    };
    const reclaimedItem = { ...item, due: reclaimed, nextActionAt: claimUntil };
    if (!(await writeIfUnchanged(deps, item, reclaimedItem))) return { result: 'lost_race' };
    return sendClaimed(
      deps,
      { ...reclaimedItem, version: item.version + 1 },
      reclaimed,
      due.outbox.step,
      sweepId,
      now,
      true,
    );
  }

  const action = nextLadderAction(
    policiesOf(deps).escalation,
    { kind: due.kind, dueAt: due.dueAt, severity: due.severity, ladder: due.ladder },
    new Date(now),
  );
  if (!action.send) {
    const ok = await writeIfUnchanged(deps, item, {
      due: { ...due, ladder: action.ladder },
      nextActionAt: action.nextActionAt ?? undefined,
      dueShard: action.nextActionAt ? item.dueShard : undefined,
      ...(action.nextActionAt ? {} : { due: undefined }),
    });
    return { result: ok ? 'rescheduled' : 'lost_race', skipped: action.skip };
  }

  // Notice intent (sweep-notices.ts): a racing sweep must not send this vendor's group half-filed.
  const vendorId = String(item.vendorId ?? item.id);
  await markNoticeIntent(deps, vendorId, item, sweepId);
  try {
    return await claimAndSend(
      deps,
      item,
      due,
      { ...action, send: action.send },
      claimTime,
      claimUntil,
      sweepId,
      now,
    );
  } finally {
    await clearNoticeIntent(deps, vendorId, item);
  }
}

async function claimAndSend(
  deps: Deps,
  item: DueItem,
  due: DueState,
  action: ReturnType<typeof nextLadderAction> & { send: LadderStep },
  claimTime: Date,
  claimUntil: string,
  sweepId: string,
  now: string,
) {
  // Claim: record the step as done and park it in the outbox, before any email leaves.
  const claimed: DueState = {
    ...due,
    ladder: action.ladder,
    outbox: { step: action.send, claimedAt: claimTime.toISOString(), sweepId },
  };
  const claimedItem = { ...item, due: claimed, nextActionAt: claimUntil };
  if (!(await writeIfUnchanged(deps, item, claimedItem))) return { result: 'lost_race' };
  return sendClaimed(
    deps,
    { ...claimedItem, version: item.version + 1 },
    claimed,
    action.send,
    sweepId,
    now,
    false,
    action.nextActionAt,
    action.skip,
  );
}

async function sendClaimed(
  deps: Deps,
  item: DueItem,
  due: DueState,
  step: LadderStep,
  sweepId: string,
  now: string,
  recovered: boolean,
  nextActionAt?: string | null,
  skipped: string[] = [],
) {
  const delivered = await deliver(deps, item, due, step, sweepId, now);

  // Confirm: clear the outbox and schedule the next step. If the item changed meanwhile (an
  // extension, a fix), the change already rescheduled it; only the outbox is cleared then.
  let next = nextActionAt;
  if (next === undefined) {
    next = nextLadderAction(
      policiesOf(deps).escalation,
      { kind: due.kind, dueAt: due.dueAt, severity: due.severity, ladder: due.ladder },
      new Date(now),
    ).nextActionAt;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = (await deps.store.getRaw({ PK: item.PK, SK: item.SK })) as DueItem | undefined;
    if (!current?.due?.outbox || current.due.outbox.step.id !== step.id) break;
    const lapse =
      step.kind === 'lapse'
        ? afterLapse(deps, current, now)
        : current.entity === 'Baa'
          ? baaStatusFields(baaStatusAfterStep(current as unknown as BaaRecord, step.offsetDays, now))
          : {};
    const confirmed = {
      due: { ...current.due, outbox: undefined },
      nextActionAt: next ?? undefined,
      dueShard: next ? current.dueShard : undefined,
      ...(next ? {} : { due: undefined }),
      ...lapse,
    };
    if (await writeIfUnchanged(deps, current, confirmed)) {
      if (current.entity === 'Baa') {
        const baa = { ...(current as unknown as BaaRecord), ...(lapse as Partial<BaaRecord>) };
        // An expired BAA flags the vendor: an approval given under it no longer stands.
        await mirrorOnVendor(deps, baa, baa.status === 'expired' ? { approvalLapsed: true } : {});
      }
      break;
    }
  }

  const vendorId = String(item.vendorId ?? item.id);
  await audit(deps, {
    vendorId,
    actor: SYSTEM,
    action:
      step.kind === 'digest'
        ? 'deadline.digested'
        : step.kind === 'reminder'
          ? 'deadline.reminded'
          : step.kind === 'lapse'
            ? 'deadline.lapsed'
            : 'deadline.escalated',
    target: { type: String(item.entity ?? 'item').toLowerCase(), id: String(item.id) },
    summary: `${describeStep(step, due.kind)} (${due.kind.replaceAll('_', ' ')}, due ${humanDate(due.dueAt)})${recovered ? ' [resent after an interrupted sweep]' : ''}`,
    after: { stepId: step.id, recipients: delivered.to, skipped },
  });
  return {
    result: recovered ? 'recovered' : 'sent',
    stepId: step.id,
    kind: due.kind,
    recipients: delivered.to,
  };
}

/** The Map's Catch target: one failing item is recorded and the others go on. */
export async function recordItemFailure(
  deps: Deps,
  input: ProcessItemInput & { error?: { Error?: string } },
) {
  const at = deps.clock.now().toISOString();
  await deps.store.create({
    PK: 'FAILURE#sweep',
    SK: `${at}#${input.item?.PK}#${input.item?.SK}#${randomUUID()}`,
    entity: 'Failure',
    error: input.error?.Error ?? 'Unknown',
    sweepId: input.sweepId,
    at,
  });
  return { result: 'failed', error: input.error?.Error ?? 'Unknown' };
}

export interface SummarizeInput {
  due: { more: boolean; count: number };
  processed?: { outcome?: { result?: string } }[];
}

export async function summarize(_deps: Deps, input: SummarizeInput) {
  const counts: Record<string, number> = {};
  for (const p of input.processed ?? []) {
    const r = p.outcome?.result ?? 'unknown';
    counts[r] = (counts[r] ?? 0) + 1;
  }
  return { processed: input.due.count, failed: counts.failed ?? 0, more: input.due.more, counts };
}

/**
 * The sweep's last step: the batched notices of the steps claimed in this sweep (one email per
 * person per vendor per step kind, or the daily digest), then the weekly compliance digest.
 * A failed notice group is counted (the execution then fails and the alarm fires) after every
 * other group was sent; the next sweep after the claim window retries it.
 */
export async function sendDigests(deps: Deps, input: { due: { sweepId: string; now: string } }) {
  const notices = await sendNotices(deps, input.due);
  const digest = await sendWeeklyDigest(deps, input);
  // `notices.failed` fails the execution in the state machine (AnyItemFailed?), like a failed item.
  return { ...digest, notices };
}

/** Sends the compliance digest: every filed digest line not yet sent, claimed line by line. */
async function sendWeeklyDigest(deps: Deps, input: { due: { sweepId: string; now: string } }) {
  const now = input.due.now;
  const lines: string[] = [];
  for (const day of [
    now.slice(0, 10),
    new Date(new Date(now).getTime() - DAY_MS).toISOString().slice(0, 10),
  ]) {
    const { items } = await deps.store.query<Item & Key>(
      {
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: 'attribute_not_exists(sentBy)',
        ExpressionAttributeValues: { ':pk': `DIGEST#${day}` },
        ConsistentRead: true,
      },
      { keepKeys: true },
    );
    for (const stored of items) {
      const claimed = await deps.store.ddb
        .send(
          new UpdateCommand({
            TableName: deps.store.tableName,
            Key: { PK: stored.PK, SK: stored.SK },
            UpdateExpression: 'SET sentBy = :sweep',
            ConditionExpression: 'attribute_not_exists(sentBy)',
            ExpressionAttributeValues: { ':sweep': input.due.sweepId },
          }),
        )
        .then(() => true)
        .catch((error) => {
          if (isConditionFailure(error)) return false;
          throw error;
        });
      if (claimed) lines.push(String(stored.line));
    }
  }
  if (lines.length === 0 || deps.config.mail.compliance.length === 0)
    return { sent: false, lines: lines.length };
  const email = digestEmail({
    organisation: deps.config.organisation,
    lines,
    consoleUrl: `${deps.config.baseUrl}/console/findings?overdue=true`,
    asOf: now,
  });
  await deps.mailer.send({
    to: deps.config.mail.compliance,
    kind: 'overdue-digest',
    replyTo: replyToOf(deps.config, 'compliance'),
    ...email,
  });
  return { sent: true, lines: lines.length };
}

export async function recordSweepFailure(deps: Deps, input: { error?: { Error?: string } }) {
  const at = deps.clock.now().toISOString();
  await deps.store.create({
    PK: 'FAILURE#sweep',
    SK: `${at}#sweep#${randomUUID()}`,
    entity: 'Failure',
    error: input.error?.Error ?? 'Unknown',
    at,
  });
  return { recorded: true };
}
