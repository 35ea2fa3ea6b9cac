/**
 * The deadline sweep's steps. Exactly-once per ladder step rests on one rule: a step is claimed by
 * a conditional write of the item (version check) that records the step as done and parks it in
 * the item's outbox BEFORE the email goes out; confirming clears the outbox. Two sweeps racing on an
 * item: one claim wins, the other sends nothing. A sweep killed between claim and confirm: the next
 * sweep after CLAIM_WINDOW finds the parked step and sends it (nothing lost). The narrow window
 * between a successful send and the confirm write is the only place a duplicate can arise.
 */
import { toItem as assessmentItem } from '../adapters/dynamodb/assessment-repository.ts';
import { toItem as baaItem } from '../adapters/dynamodb/baa-repository.ts';
import { toItem as findingItem } from '../adapters/dynamodb/finding-repository.ts';
import { type Item, isConditionFailure, type Key, stripKeys } from '../adapters/dynamodb/item-store.ts';
import { toClarificationItem } from '../adapters/dynamodb/review-desk-repository.ts';
import { toItem as vendorItem } from '../adapters/dynamodb/vendor-repository.ts';
import type { Deps } from '../composition.ts';
import { scheduleDue } from '../domain/due-index.ts';
import { describeStep, type LadderStep, nextLadderAction } from '../domain/escalation-policy.ts';
import { daysPastDue } from '../domain/time.ts';
import { formatDate } from '../email/layout.ts';
import { AppError } from '../errors.ts';
import { DUE_ITEM_LABELS, humanDate, labelOf } from '../labels.ts';
import type { BaaRecord } from '../schemas/baa-record.ts';
import type { DueState } from '../schemas/due.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { SYSTEM } from './actor.ts';
import { renewVerificationWhenDue } from './annual-verification.ts';
import { assuranceTitle } from './assurance.ts';
import { audit } from './audit.ts';
import { approvalLapses, baaStatusAfterStep, mirrorOnVendor } from './baa.ts';
import { policiesOf } from './policies.ts';
import { fileDigestLine } from './sweep-digest.ts';
import { CLAIM_WINDOW_MS, processQuarantineAlert, QUARANTINE_ALERT_ENTITY } from './sweep-failures.ts';
import {
  clearNoticeIntent,
  fileNotices,
  markNoticeIntent,
  NOTICE_LINE_ENTITY,
  noticeLineDue,
} from './sweep-notices.ts';

export { sendDigests } from './sweep-digest.ts';
export { CLAIM_WINDOW_MS, recordItemFailure, recordSweepFailure } from './sweep-failures.ts';
export { type FindDueInput, findDue, SWEEP_BATCH, summarize } from './sweep-paging.ts';

type DueItem = Item & Key & { version: number; due?: DueState; nextActionAt?: string; entity?: string };

interface StepContext {
  vendor: Vendor | undefined;
  title: string;
  assessmentId?: string;
  /** BAA deadlines link the vendor to the BAA page. */
  baa?: boolean;
  /** Where in the portal the vendor's link opens (clarification requests: their own page). */
  portalPath?: string;
  /** Assurance deadlines link the vendor to its security documents or verification page. */
  documentsPage?: { page: string; label: string };
  /** Where staff act on it when that is not the vendor page (an incident's deadlines: the incident). */
  staffLink?: { path: string; label: string };
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
    case 'Clarification':
      return {
        vendor,
        title: `Clarification request on the answer to “${String(item.questionTitle ?? item.questionId)}”`,
        assessmentId: String(item.assessmentId),
        portalPath: '/clarifications',
      };
    case 'Baa': {
      const party = item.party as { type?: string; name?: string } | undefined;
      return {
        vendor,
        title: `Business Associate Agreement${party?.type === 'subcontractor' ? ` of subcontractor ${party.name}` : ''}`,
        baa: true,
      };
    }
    case 'AssuranceDocument':
      return {
        vendor,
        title: assuranceTitle(item),
        documentsPage: { page: 'security', label: 'Upload the current document' },
      };
    case 'Verification':
      return {
        vendor,
        title: 'annual verification of HIPAA technical safeguards',
        documentsPage: { page: 'verification', label: 'Complete the annual verification' },
      };
    case 'IncidentDeadline':
      return {
        vendor,
        title: String(item.title ?? 'deadline'),
        staffLink: { path: `/console/incidents/${String(item.incidentId)}`, label: 'Open the incident' },
      };
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
    await fileDigestLine(deps, {
      item: { PK: item.PK, SK: item.SK },
      stepId: step.id,
      line: `${ctx.vendor?.name ?? 'Unknown vendor'}: ${severity}${ctx.title} — due ${formatDate(due.dueAt)} (${describeStep(step, due.kind)})`,
      sweepId,
      now,
    });
    return { to: 0, title: ctx.title };
  }
  const to = await fileNotices(deps, {
    item: { PK: item.PK, SK: item.SK },
    step,
    due,
    vendor: ctx.vendor,
    title: ctx.title,
    ...(ctx.assessmentId ? { assessmentId: ctx.assessmentId } : {}),
    ...(ctx.baa ? { baa: true } : {}),
    ...(ctx.portalPath ? { portalPath: ctx.portalPath } : {}),
    ...(ctx.documentsPage ? { documentsPage: ctx.documentsPage } : {}),
    ...(ctx.staffLink ? { staffLink: ctx.staffLink } : {}),
    now,
    sweepId,
  });
  return { to, title: ctx.title };
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
  ...(baa.priorTerm ? { priorTerm: baa.priorTerm } : {}),
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
            : entity === 'Clarification'
              ? toClarificationItem
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

/** Handlers for due-index records that are not ladder deadlines, by entity. */
/** A handler may answer undefined: the item is then an ordinary ladder deadline. */
const SPECIAL_DUE_ITEMS: Record<
  string,
  (deps: Deps, item: DueItem) => Promise<Record<string, unknown> | undefined>
> = {
  [QUARANTINE_ALERT_ENTITY]: processQuarantineAlert,
  // A filed notice line is sent (and removed) by the sweep's last step, sendNotices.
  [NOTICE_LINE_ENTITY]: noticeLineDue,
  // An accepted annual verification requests the next one itself (annual-verification.ts).
  Verification: renewVerificationWhenDue,
};

export interface ProcessItemInput {
  item: Key;
  now: string;
  sweepId: string;
}

export async function processItem(deps: Deps, input: ProcessItemInput) {
  const { now, sweepId } = input;
  const item = (await deps.store.getRaw({ PK: input.item.PK, SK: input.item.SK })) as DueItem | undefined;
  if (!item?.nextActionAt) return { result: 'gone' };
  // Due items that are not deadlines of their own (extend here for new kinds of due records).
  const special = item.entity ? SPECIAL_DUE_ITEMS[item.entity] : undefined;
  const handled = special ? await special(deps, item) : undefined;
  if (handled) return handled;
  if (!item.due) return { result: 'gone' };
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
          ? baaStatusFields(
              baaStatusAfterStep(current as unknown as BaaRecord, step.offsetDays, now, due.kind),
            )
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
        // An expired BAA (or, during a renewal, the lapsed old one) flags the vendor: an approval
        // given under it no longer stands.
        await mirrorOnVendor(deps, baa, approvalLapses(baa) ? { approvalLapsed: true } : {});
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
    summary: `${describeStep({ ...step, offsetDays: daysPastDue(due.dueAt, now) }, due.kind)} — "${delivered.title}" (${labelOf(DUE_ITEM_LABELS, due.kind)}, due ${humanDate(due.dueAt)})${recovered ? ' [resent after an interrupted sweep]' : ''}`,
    after: { stepId: step.id, recipients: delivered.to, skipped },
  });
  return {
    result: recovered ? 'recovered' : 'sent',
    stepId: step.id,
    kind: due.kind,
    recipients: delivered.to,
  };
}
