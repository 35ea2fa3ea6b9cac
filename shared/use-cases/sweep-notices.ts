/**
 * One message per person per moment. A sweep does not email each claimed ladder step on its own:
 * `fileNotices` files one line per recipient (an idempotent put keyed by item, step and due date),
 * and `sendNotices`, run once at the end of the sweep, sends one email per group:
 *
 * - immediate readers (vendors always; staff roles by default): one email per recipient per vendor
 *   per step kind, listing every item of that vendor that reached such a step;
 * - daily readers (NotificationPolicy): one email per recipient a day, listing everything.
 *
 * Exactly once still rests on the item claim (sweep.ts): a step is filed only by the sweep that
 * claimed it. A group is sent under a lock (a conditional write with an expiry) so two racing
 * sweeps never split one group into two emails; the lines are deleted after the send. A sweep that
 * dies before the send leaves the lines and the lock; after CLAIM_WINDOW the next sweep sends them
 * (nothing lost). As for items, only a death between the send and the delete can repeat a message.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { incidentLinkKey } from '../adapters/dynamodb/incident-repository.ts';
import { isConditionFailure, type Key } from '../adapters/dynamodb/item-store.ts';
import type { Deps } from '../composition.ts';
import { dueShardFor } from '../domain/due-index.ts';
import type { Audience, DueKind, LadderStep } from '../domain/escalation-policy.ts';
import { deliveryModeOf, nextDigestAt } from '../domain/notification-policy.ts';
import { afterItemFailure } from '../domain/sweep-policy.ts';
import { daysPastDue } from '../domain/time.ts';
import { compose, type Link, type Party, type Person, peopleFor } from '../email/compose.ts';
import {
  type DeadlineLine,
  dailyDeadlineLetter,
  deadlineItem,
  deadlineLetter,
} from '../email/deadline-emails.ts';
import { undeliverableAlertEmail } from '../email/sweep-emails.ts';
import type { Vendor } from '../schemas/vendor.ts';
import { issueDocumentsLink } from './annual-verification.ts';
import { incidentUrlOf } from './incident-link.ts';
import { policiesOf } from './policies.ts';
import { issueBaaLink, issuePortalLink } from './portal-links.ts';

const PENDING = 'NOTICE#PENDING';
/** The entity of a filed notice line (a due-index record the sweep leaves to `sendNotices`). */
export const NOTICE_LINE_ENTITY = 'NoticeLine';
const LOCKS = 'NOTICE#LOCK';
/** Same window as item claims (sweep.ts CLAIM_WINDOW_MS): a stuck group is retried after it. */
const LOCK_MS = 10 * 60_000;

export interface NoticeLine extends DeadlineLine {
  email: string;
  party: Party;
  name?: string;
  vendorId: string;
  /** The assessment a vendor's link opens, or a BAA link. */
  assessmentId?: string;
  baa?: boolean;
  /** Where in the portal the vendor's link opens (clarification requests: their own page). */
  portalPath?: string;
  /** Assurance deadlines: the vendor's security documents or verification page. */
  documentsPage?: { page: string; label: string };
  /** Where staff act on it when that is not the vendor page (an incident's deadlines: the incident). */
  staffLink?: { path: string; label: string };
  group: string;
  deliverAfter: string;
}

export interface FileNoticesInput {
  item: Key;
  step: LadderStep;
  due: { kind: DueKind; dueAt: string; severity?: string };
  vendor: Vendor | undefined;
  title: string;
  assessmentId?: string;
  baa?: boolean;
  portalPath?: string;
  documentsPage?: { page: string; label: string };
  staffLink?: { path: string; label: string };
  now: string;
  sweepId: string;
}

/**
 * A group is one email. Daily groups start with their delivery time (`daily#<deliverAfter>#<email>`),
 * so `sendNotices` reads only the daily lines whose digest is due (a key range), never the lines
 * waiting for a later digest; immediate groups (`now#…`) are always due.
 */
const groupOf = (person: Person, deliverAfter: string | undefined, vendorId: string, stepKind: string) =>
  deliverAfter
    ? `daily#${deliverAfter}#${person.email.toLowerCase()}`
    : `now#${person.email.toLowerCase()}#${vendorId}#${stepKind}`;

/** A daily line filed before groups carried their delivery time (`daily#<email>#…`). */
const isLegacyDaily = (line: Record<string, unknown>) =>
  typeof line.group === 'string' && line.group.startsWith('daily#') && !/^daily#\d{4}-/.test(line.group);

/** Files the step's lines, one per recipient; returns how many people it will reach. */
export async function fileNotices(deps: Deps, input: FileNoticesInput): Promise<number> {
  const { step, due, vendor } = input;
  const policy = policiesOf(deps).notifications;
  const people = peopleFor(deps.config, vendor, step.audiences as Audience[]);
  const vendorId = vendor?.id ?? 'unknown';
  for (const person of people) {
    const daily = deliveryModeOf(policy, person.party) === 'daily';
    const deliverAfter = daily ? nextDigestAt(policy, new Date(input.now)).toISOString() : input.now;
    const group = groupOf(person, daily ? deliverAfter : undefined, vendorId, step.kind);
    const line: NoticeLine = {
      email: person.email,
      party: person.party,
      ...(person.name ? { name: person.name } : {}),
      vendorId,
      vendorName: vendor?.name ?? 'Unknown vendor',
      dueKind: due.kind,
      stepKind: step.kind,
      level: step.level,
      offsetDays: step.offsetDays,
      title: input.title,
      ...(due.severity ? { severity: due.severity } : {}),
      dueAt: due.dueAt,
      ...(input.assessmentId ? { assessmentId: input.assessmentId } : {}),
      ...(input.baa ? { baa: true } : {}),
      ...(input.portalPath ? { portalPath: input.portalPath } : {}),
      ...(input.documentsPage ? { documentsPage: input.documentsPage } : {}),
      ...(input.staffLink ? { staffLink: input.staffLink } : {}),
      group,
      deliverAfter,
    };
    const SK = `${group}#${input.item.PK}#${input.item.SK}#${step.id}#${due.dueAt}`;
    await deps.store.create({
      PK: PENDING,
      SK,
      entity: NOTICE_LINE_ENTITY,
      ...line,
      sweepId: input.sweepId,
      filedAt: input.now,
      // On the due index until sent: a sweep with nothing else due still wakes up for a daily
      // digest at its hour, or for a group whose send failed (the lines stay until sent).
      dueShard: dueShardFor(PENDING, SK),
      nextActionAt: line.deliverAfter,
    });
  }
  return people.length;
}

/**
 * A sweep marks an item "about to be filed" before it claims it and clears the mark once the
 * lines are filed. A racing sweep that reaches its send step while the other is between claim and
 * filing sees the mark and leaves that vendor's groups to the other sweep, whose send step comes
 * after its own filing; so a group is never split between two emails. A mark left by a dead sweep
 * stops counting after the claim window.
 */
const intentKey = (vendorId: string, item: Key): Key => ({
  PK: `NOTICE#INTENT#${vendorId}`,
  SK: `${item.PK}#${item.SK}`,
});

export async function markNoticeIntent(deps: Deps, vendorId: string, item: Key, sweepId: string) {
  await deps.store.ddb.send(
    new PutCommand({
      TableName: deps.store.tableName,
      Item: {
        ...intentKey(vendorId, item),
        entity: 'NoticeIntent',
        sweepId,
        at: deps.clock.now().toISOString(),
      },
    }),
  );
}

export async function clearNoticeIntent(deps: Deps, vendorId: string, item: Key) {
  await remove(deps, intentKey(vendorId, item));
}

async function otherSweepFiling(deps: Deps, vendorId: string, sweepId: string): Promise<boolean> {
  const since = new Date(deps.clock.now().getTime() - LOCK_MS).toISOString();
  const { items } = await deps.store.query<{ sweepId: string; at: string }>(
    {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `NOTICE#INTENT#${vendorId}` },
      ConsistentRead: true,
    },
    {},
  );
  return items.some((i) => i.sweepId !== sweepId && i.at > since);
}

/** The lines of one group (read again under its lock). */
async function pendingLines(deps: Deps, group: string): Promise<(NoticeLine & Key)[]> {
  const { items } = await deps.store.query<NoticeLine & Key>(
    {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :group)',
      ExpressionAttributeValues: { ':pk': PENDING, ':group': `${group}#` },
      ConsistentRead: true,
    },
    { keepKeys: true },
  );
  return items;
}

/**
 * The lines that may go out now, and only those: every immediate line, and the daily lines whose
 * delivery time has come (a key range; lines waiting for a later digest are not read).
 */
async function dueLines(deps: Deps, now: string): Promise<(NoticeLine & Key)[]> {
  const [immediate, daily] = await Promise.all([
    deps.store.query<NoticeLine & Key>(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :now)',
        ExpressionAttributeValues: { ':pk': PENDING, ':now': 'now#' },
        ConsistentRead: true,
      },
      { keepKeys: true },
    ),
    deps.store.query<NoticeLine & Key>(
      {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': PENDING, ':from': 'daily#', ':to': `daily#${now}#\uffff` },
        ConsistentRead: true,
      },
      { keepKeys: true },
    ),
  ]);
  return [...immediate.items, ...daily.items];
}

/**
 * The sweep meets a filed line on the due index once its delivery time passes. A legacy daily line
 * (its group without the delivery time) is filed again under the current key, so the range read of
 * `sendNotices` finds it; any other line waits for `sendNotices`.
 */
export async function noticeLineDue(deps: Deps, item: Key & Record<string, unknown>) {
  if (!isLegacyDaily(item)) return { result: 'notice_pending' };
  const line = item as unknown as NoticeLine & Key;
  const email = line.group.slice('daily#'.length);
  const group = `daily#${line.deliverAfter}#${email}`;
  const SK = `${group}${line.SK.slice(line.group.length)}`;
  await deps.store.create({ ...line, PK: PENDING, SK, group, dueShard: dueShardFor(PENDING, SK) });
  await remove(deps, line);
  return { result: 'notice_refiled' };
}

async function lock(deps: Deps, group: string, holder: string): Promise<boolean> {
  const now = deps.clock.now().getTime();
  return deps.store.ddb
    .send(
      new UpdateCommand({
        TableName: deps.store.tableName,
        Key: { PK: LOCKS, SK: group },
        UpdateExpression: 'SET lockedUntil = :until, holder = :holder, entity = :entity',
        ConditionExpression: 'attribute_not_exists(PK) OR lockedUntil < :now',
        ExpressionAttributeValues: {
          ':until': new Date(now + LOCK_MS).toISOString(),
          ':now': new Date(now).toISOString(),
          ':holder': holder,
          ':entity': 'NoticeLock',
        },
      }),
    )
    .then(() => true)
    .catch((error) => {
      if (isConditionFailure(error)) return false;
      throw error;
    });
}

async function remove(deps: Deps, key: Key, condition?: { holder: string }) {
  await deps.store.ddb
    .send(
      new DeleteCommand({
        TableName: deps.store.tableName,
        Key: { PK: key.PK, SK: key.SK },
        ...(condition
          ? {
              ConditionExpression: 'holder = :holder',
              ExpressionAttributeValues: { ':holder': condition.holder },
            }
          : {}),
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** What the vendor's link in a BAA deadline email is for, by ladder. */
const BAA_LINK_LABELS: Partial<Record<DueKind, string>> = {
  baa_expiry: 'Review and renew the BAA',
  baa_response: 'Review and return the BAA',
  baa_return_destroy: 'Confirm return or destruction of our PHI',
};

/**
 * The vendor's private links for a group, one per matter it covers: a documents page (assurance,
 * annual verification), the BAA page, clarification requests, and the questionnaire or findings of
 * the newest assessment. A batched email that mixes a questionnaire reminder and a BAA reminder
 * thus carries both links, each labelled for what it opens.
 */
async function vendorLinks(deps: Deps, lines: readonly NoticeLine[]): Promise<Link[]> {
  const vendorId = lines[0]!.vendorId;
  const links: Link[] = [];
  const pages = new Map<string, string>();
  for (const l of lines) if (l.documentsPage) pages.set(l.documentsPage.page, l.documentsPage.label);
  for (const [page, label] of pages) {
    links.push({ label, url: await issueDocumentsLink(deps, { id: vendorId }, 90, page) });
  }
  const baaKinds = [...new Set(lines.filter((l) => !l.documentsPage && l.baa).map((l) => l.dueKind))];
  if (baaKinds.length > 0) {
    const url = await issueBaaLink(deps, { id: vendorId });
    links.push({ label: (baaKinds.length === 1 && BAA_LINK_LABELS[baaKinds[0]!]) || 'Open the BAA', url });
  }
  // Portal links are per assessment; one link is issued per assessment and reused.
  const portal = new Map<string, Promise<string>>();
  const portalUrl = (assessmentId: string) => {
    if (!portal.has(assessmentId))
      portal.set(assessmentId, issuePortalLink(deps, assessmentId, vendorId, 60));
    return portal.get(assessmentId)!;
  };
  const newest = (list: readonly NoticeLine[]) =>
    list
      .map((l) => l.assessmentId)
      .filter((id): id is string => Boolean(id))
      .sort()
      .at(-1);
  const rest = lines.filter((l) => !l.documentsPage && !l.baa);
  const clarifications = rest.filter((l) => l.portalPath);
  const clarificationsOf = newest(clarifications);
  if (clarificationsOf) {
    const path = clarifications.find((l) => l.assessmentId === clarificationsOf)!.portalPath;
    links.push({
      label: 'Answer the clarification requests',
      url: `${await portalUrl(clarificationsOf)}${path}`,
    });
  }
  const assessment = rest.filter((l) => !l.portalPath);
  const assessmentOf = newest(assessment);
  if (assessmentOf) {
    const label = assessment.every((l) => l.dueKind === 'questionnaire_response')
      ? 'Open the questionnaire'
      : assessment.every((l) => l.dueKind === 'finding_remediation')
        ? 'Open your findings'
        : 'Open your questionnaire and findings';
    links.push({ label, url: await portalUrl(assessmentOf) });
  }
  return links;
}

async function render(deps: Deps, filed: NoticeLine[], now: string, incidentUrl?: string) {
  // Worded as of sending, not as of the step's nominal day (a late sweep, a daily digest).
  const lines = filed.map((l) => ({ ...l, offsetDays: daysPastDue(l.dueAt, now) }));
  const first = lines[0]!;
  const person: Person = {
    email: first.email,
    party: first.party,
    ...(first.name ? { name: first.name } : {}),
  };
  if (first.group.startsWith('daily#')) {
    const letter = dailyDeadlineLetter({ lines, asOf: now });
    return compose(
      person,
      {
        ...letter,
        action: {
          staff: { label: 'Open the findings register', url: `${deps.config.baseUrl}/console/findings` },
        },
      },
      { config: deps.config, kind: 'deadline-daily', team: 'compliance' },
    );
  }
  const toVendor = first.party === 'vendor';
  const letter = deadlineLetter({
    vendorName: first.vendorName,
    organisation: deps.config.organisation,
    toVendor,
    lines,
  });
  const vendorAction = toVendor ? await vendorLinks(deps, lines) : undefined;
  const email = compose(
    person,
    {
      ...letter,
      action: {
        vendor: vendorAction,
        staff: staffAction(deps, lines),
      },
    },
    {
      config: deps.config,
      kind: `deadline-${first.stepKind}`,
      team: 'compliance',
      vendorName: first.vendorName,
    },
  );
  // A vendor's email carries its standing incident link in the footer (incident-footer-mailer.ts).
  return toVendor ? { ...email, vendorId: first.vendorId, ...(incidentUrl ? { incidentUrl } : {}) } : email;
}

/**
 * Staff's link: the one page all the lines are acted on (an incident's deadlines: the incident),
 * otherwise the vendor's page.
 */
function staffAction(deps: Deps, lines: readonly NoticeLine[]) {
  const first = lines[0]!;
  const own = first.staffLink;
  if (own && lines.every((l) => l.staffLink?.path === own.path)) {
    return { label: own.label, url: `${deps.config.baseUrl}${own.path}` };
  }
  return {
    label: `Open ${first.vendorName} in the console`,
    url: `${deps.config.baseUrl}/console/vendors/${first.vendorId}`,
  };
}

export interface SendNoticesResult {
  emails: number;
  lines: number;
  failed: number;
  /** Groups left to a racing sweep that is still filing lines for the same vendor. */
  deferred: number;
  /** Groups dropped after the sweep policy's attempts (compliance was alerted). */
  quarantined: number;
}

/**
 * The incident links of the vendors this send emails (their footer), in BatchGetItems of up to 100
 * instead of one GetItem per email; a vendor without one yet gets it from the footer mailer.
 */
async function vendorIncidentUrls(deps: Deps, groups: Map<string, NoticeLine[]>, now: string) {
  const vendorIds = new Set<string>();
  for (const lines of groups.values()) {
    const first = lines[0]!;
    if (first.party === 'vendor' && lines.some((l) => l.deliverAfter <= now)) vendorIds.add(first.vendorId);
  }
  const urls = new Map<string, string>();
  if (vendorIds.size === 0) return urls;
  const items = await deps.store.batchGetRaw([...vendorIds].map(incidentLinkKey));
  for (const item of items) {
    if (typeof item.token === 'string' && typeof item.vendorId === 'string')
      urls.set(item.vendorId, incidentUrlOf(deps, item.token));
  }
  return urls;
}

/** Sends every group whose time has come; one failing group does not stop the others. */
export async function sendNotices(
  deps: Deps,
  input: { sweepId: string; now: string },
): Promise<SendNoticesResult> {
  const groups = new Map<string, NoticeLine[]>();
  for (const line of await dueLines(deps, input.now)) {
    const list = groups.get(line.group) ?? [];
    list.push(line);
    groups.set(line.group, list);
  }
  const result: SendNoticesResult = { emails: 0, lines: 0, failed: 0, deferred: 0, quarantined: 0 };
  const incidentUrls = await vendorIncidentUrls(deps, groups, input.now);
  for (const [group, lines] of groups) {
    if (!lines.some((l) => l.deliverAfter <= input.now)) continue;
    const first = lines[0]!;
    if (!group.startsWith('daily#') && (await otherSweepFiling(deps, first.vendorId, input.sweepId))) {
      result.deferred++;
      continue;
    }
    if (!(await lock(deps, group, input.sweepId))) continue;
    let sent = false;
    try {
      // Read again under the lock: lines filed by a racing sweep since the first read go out too.
      const fresh = await pendingLines(deps, group);
      if (fresh.length === 0) {
        sent = true;
        continue;
      }
      await deps.mailer.send(
        await render(deps, fresh as NoticeLine[], input.now, incidentUrls.get(first.vendorId)),
      );
      sent = true;
      result.emails++;
      result.lines += fresh.length;
      for (const line of fresh) await remove(deps, line);
    } catch (error) {
      result.failed++;
      if (!(error instanceof Error)) throw error;
      // The lock is kept until it expires: the email may have left before the error (a reset
      // connection), so an immediate retry could send it twice. The failure is counted on the
      // lines, which wait on the due index for their retry; after the sweep policy's attempts the
      // group is dropped and compliance is told once (under the lock, so by one sweep only).
      if (await countFailure(deps, group, input.now)) result.quarantined++;
    } finally {
      if (sent) await remove(deps, { PK: LOCKS, SK: group }, { holder: input.sweepId });
    }
  }
  return result;
}

/**
 * Counts a failed send on the group's lines and schedules their retry (the sweep policy's growing
 * delay, never sooner than the lock's expiry). At the last attempt the lines are removed and
 * compliance gets one alert naming the vendor and the recipient; true then.
 */
async function countFailure(deps: Deps, group: string, now: string): Promise<boolean> {
  const lines = await pendingLines(deps, group);
  if (lines.length === 0) return false;
  const first = lines[0]!;
  const previous = Math.max(...lines.map((l) => Number((l as { attempts?: number }).attempts ?? 0)));
  const decision = afterItemFailure(policiesOf(deps).sweep, previous, new Date(now));
  if (decision.action === 'retry') {
    const lockEnds = new Date(Date.parse(now) + LOCK_MS + 60_000).toISOString();
    // ISO strings compare in time order; Math.max would turn them into NaN.
    const retryAt = [decision.retryAt, lockEnds].sort()[1]!;
    for (const line of lines) {
      await deps.store.ddb
        .send(
          new UpdateCommand({
            TableName: deps.store.tableName,
            Key: { PK: line.PK, SK: line.SK },
            UpdateExpression: 'SET attempts = :n, nextActionAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':n': decision.attempts, ':at': retryAt },
          }),
        )
        .catch((error) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
    return false;
  }
  for (const line of lines) await remove(deps, line);
  const email = undeliverableAlertEmail({
    organisation: deps.config.organisation,
    vendorName: first.vendorName,
    recipient: first.email,
    items: lines.map((l) => deadlineItem(l)),
    attempts: decision.attempts,
    consoleUrl: `${deps.config.baseUrl}/console/vendors/${first.vendorId}`,
  });
  if (deps.config.mail.compliance.length) {
    await deps.mailer.send({ to: deps.config.mail.compliance, kind: 'notice-undeliverable', ...email });
  }
  return true;
}
