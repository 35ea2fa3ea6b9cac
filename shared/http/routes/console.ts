/**
 * The staff console: server-rendered pages under /console over the same use cases as the JSON API.
 *
 * - Auth: the staff JWT in the `session` cookie (session.ts), verified on every request; without a
 *   valid one a page answers 303 to /console/login. Each route needs the roles of the JSON API
 *   operation it mirrors, read from that operation's declaration, so the two cannot drift; a
 *   refused role gets a 403 page.
 * - Forms are POSTs carrying the session's CSRF token; each answers 303 to a GET (a reload never
 *   re-posts), or re-renders its page with the problem next to the form and the values kept.
 * - Lists read one page (25) through the repositories' cursors: nothing loads every vendor.
 * - Every failure is an HTML page with the same status, never JSON and never a stack trace.
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { authorizeUrl, exchangeCode } from '../../adapters/hosted-ui.ts';
import { issueLocalToken, type Principal } from '../../adapters/staff-tokens.ts';
import { BAA_CHECKLIST_V1 } from '../../content/baa-clauses.v1.ts';
import { evaluateGates, type GateResult } from '../../domain/approval-gates.ts';
import { describeStep, type EscalationPolicyConfig, planLadder } from '../../domain/escalation-policy.ts';
import { AppError, notFound } from '../../errors.ts';
import { logger } from '../../logger.ts';
import type { BaaStatus } from '../../schemas/baa.ts';
import { Email, Role } from '../../schemas/core.ts';
import type { Finding } from '../../schemas/finding.ts';
import type { VendorStage } from '../../schemas/vendor.ts';
import { decideBaa, recordClauseReview } from '../../use-cases/baa.ts';
import { decideVendor, gateInputFor } from '../../use-cases/decide-vendor.ts';
import { acceptRisk, extendFinding, verifyFix } from '../../use-cases/finding-actions.ts';
import { resendInvitation } from '../../use-cases/launch-assessment.ts';
import { policiesOf } from '../../use-cases/policies.ts';
import { registerVendor } from '../../use-cases/register-vendor.ts';
import { sortFindings } from '../../use-cases/review-assessment.ts';
import { startAssessment } from '../../use-cases/start-assessment.ts';
import type { AppContext, AppEnv } from '../context.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { operations, STAFF } from '../operations.ts';
import { CONSOLE_CSS } from '../pages/assets/console-css.ts';
import { BAA_REGISTER_STATUSES, baasPage } from '../pages/console/baas-page.ts';
import { boardPage } from '../pages/console/board-page.ts';
import { type Notice, problemPage, STAGES, type Viewer } from '../pages/console/components.ts';
import {
  type FindingsFilter,
  findingsPage,
  REGISTER_STATUSES,
  SEVERITIES,
} from '../pages/console/findings-page.ts';
import { loginPage } from '../pages/console/login-page.ts';
import {
  type FormProblem,
  type GateRow,
  type LadderSummary,
  vendorPage,
} from '../pages/console/vendor-page.ts';
import { type RegisterField, type RegisterFormValues, vendorsPage } from '../pages/console/vendors-page.ts';
import {
  CSRF_FIELD,
  checkLoginCsrf,
  clearLoginCsrf,
  clearSessionCookie,
  csrfTokenFor,
  issueLoginCsrf,
  readSessionToken,
  safeNext,
  setSessionCookie,
  tokensMatch,
} from '../session.ts';

const PAGE_SIZE = 25;
/** The vendor page shows the latest events; the audit packet has them all. */
const AUDIT_EVENTS_SHOWN = 100;
const LONG_CACHE = 'public, max-age=31536000, immutable';

type FormBody = Record<string, string | File | (string | File)[]>;

interface Session {
  principal: Principal;
  viewer: Viewer;
}

// --- roles: the same as the JSON API operation each console route mirrors --------------------------

function rolesOf(operationId: string): readonly Role[] {
  const op = operations().find((o) => o.id === operationId);
  if (!op) throw new Error(`The console mirrors API operation ${operationId}, which is not mounted`);
  return op.roles ?? STAFF;
}

const allowed = (role: Role, roles: readonly Role[]) => role === 'admin' || roles.includes(role);

// --- responses ----------------------------------------------------------------------------------------

function send(c: AppContext, body: string, status = 200) {
  // Console pages show vendor risk data: never kept in shared caches or the browser's disk cache.
  c.header('cache-control', 'no-store');
  return c.html(body, status as 200);
}

function problem(
  c: AppContext,
  session: Session | undefined,
  status: number,
  title: string,
  message: string,
  backUrl?: string,
) {
  return send(
    c,
    problemPage({
      organisation: c.var.deps.config.organisation,
      ...(session ? { viewer: session.viewer } : {}),
      status,
      title,
      message,
      ...(backUrl ? { backUrl, backLabel: 'Back' } : {}),
    }),
    status,
  );
}

const forbidden = (c: AppContext, session: Session | undefined, message: string) =>
  problem(c, session, 403, 'You cannot do this', message);

function failure(c: AppContext, session: Session | undefined, error: unknown) {
  if (error instanceof AppError) {
    if (error.status === 404) return problem(c, session, 404, 'Not found', error.message);
    if (error.status === 403) return forbidden(c, session, error.message);
    return problem(c, session, error.status, 'This could not be done', error.message);
  }
  // Name only: messages may carry input (see errors.ts).
  logger.error('Unhandled error on a console page', {
    errorName: error instanceof Error ? error.name : typeof error,
    path: c.req.routePath,
  });
  return problem(
    c,
    session,
    500,
    'Something went wrong on our side',
    'It has been logged. Please try again in a few minutes.',
  );
}

// --- session -------------------------------------------------------------------------------------------

/** The signed-in staff member, or undefined when there is no valid session cookie. */
async function sessionOf(c: AppContext): Promise<Session | undefined> {
  const token = readSessionToken(c);
  if (!token) return undefined;
  let principal: Principal;
  try {
    principal = await c.var.verifyToken(token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') return undefined;
    throw error;
  }
  return {
    principal,
    viewer: { email: principal.email, role: principal.role, csrf: csrfTokenFor(token) },
  };
}

function toLogin(c: AppContext) {
  if (readSessionToken(c)) clearSessionCookie(c); // expired or invalid: drop it
  const here = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/console';
  const next = here === '/console' ? '' : `?next=${encodeURIComponent(here)}`;
  return c.redirect(`/console/login${next}`, 303);
}

/** Runs `handler` for a signed-in user with one of `roles`; everything else becomes a page. */
async function guarded(
  c: AppContext,
  roles: readonly Role[],
  handler: (session: Session) => Promise<Response>,
): Promise<Response> {
  let session: Session | undefined;
  try {
    session = await sessionOf(c);
  } catch (error) {
    return failure(c, undefined, error);
  }
  if (!session) return toLogin(c);
  if (!allowed(session.principal.role, roles)) {
    return forbidden(
      c,
      session,
      `This needs the ${roles.join(' or ')} role; you are signed in as ${session.principal.role}.`,
    );
  }
  c.set('principal', session.principal);
  try {
    return await handler(session);
  } catch (error) {
    return failure(c, session, error);
  }
}

/** A GET page for `roles`. */
const view =
  (roles: () => readonly Role[], handler: (c: AppContext, s: Session) => Promise<Response>) =>
  (c: AppContext) =>
    guarded(c, roles(), (s) => handler(c, s));

/** A form POST for `roles`, with the session's CSRF token checked before anything happens. */
const action =
  (roles: () => readonly Role[], handler: (c: AppContext, s: Session, form: FormBody) => Promise<Response>) =>
  (c: AppContext) =>
    guarded(c, roles(), async (s) => {
      const form = (await c.req.parseBody({ all: true })) as FormBody;
      if (!tokensMatch(s.viewer.csrf, field(form, CSRF_FIELD))) {
        return forbidden(
          c,
          s,
          'This form has expired or did not come from the console. Go back, reload the page and submit it again.',
        );
      }
      return handler(c, s, form);
    });

// --- form reading ------------------------------------------------------------------------------------

function field(form: FormBody, name: string): string {
  const raw = form[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' ? first : '';
}

/** Every string field, for showing a refused form back. */
function stringFields(form: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(form)) if (name !== CSRF_FIELD) out[name] = field(form, name);
  return out;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A `YYYY-MM-DD` date field as an ISO instant (start or end of that UTC day), or undefined. */
function dateField(value: string, end: 'start' | 'end'): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const iso = `${value}T${end === 'start' ? '00:00:00.000' : '23:59:59.000'}Z`;
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value ? undefined : iso;
}

const badDate = (label: string) =>
  new AppError('invalid_request', `Enter the ${label} as a date (YYYY-MM-DD)`);

/** The messages of a validation error's details, or of the gates that failed. */
function detailMessages(error: AppError): string[] | undefined {
  const details = error.details as unknown;
  const failed = (details as { failed?: unknown } | undefined)?.failed;
  const list = Array.isArray(failed) ? failed : Array.isArray(details) ? details : undefined;
  const messages = (list ?? [])
    .map((d) => {
      const item = d as { message?: unknown; path?: unknown };
      if (typeof item.message !== 'string') return undefined;
      return typeof item.path === 'string' && item.path !== '(root)'
        ? `${item.path}: ${item.message}`
        : item.message;
    })
    .filter((m): m is string => m !== undefined);
  return messages.length && !(messages.length === 1 && error.message.includes(messages[0]!))
    ? messages
    : undefined;
}

// --- the vendor page ----------------------------------------------------------------------------------

const DONE: Record<string, Notice> = {
  registered: { kind: 'success', message: 'Vendor registered. Launch the assessment when you are ready.' },
  launched: { kind: 'success', message: 'Assessment launched: the questionnaire invitation is on its way.' },
  resent: { kind: 'success', message: 'Invitation resent with a new link; earlier links no longer work.' },
  extended: {
    kind: 'success',
    message: 'Extension granted: the new due date is shown and the reminder ladder restarted.',
  },
  accepted: { kind: 'success', message: 'Risk accepted until the date you set.' },
  verified: { kind: 'success', message: 'Fix verified: the finding is closed.' },
  rejected: { kind: 'info', message: 'Fix rejected: the finding is open again and its reminders resume.' },
  reviewed: { kind: 'success', message: 'Clause review saved: the BAA can be signed.' },
  reviewed_blocked: {
    kind: 'warn',
    message: 'Clause review saved. The BAA cannot be signed yet: see the blockers.',
  },
  signed: { kind: 'success', message: 'BAA marked signed.' },
  changes: {
    kind: 'success',
    message: 'Changes requested: the vendor was emailed a link to upload a new copy.',
  },
  decided: { kind: 'success', message: 'Decision recorded.' },
};

const GATES: readonly { gate: string; label: string; phiOnly?: boolean }[] = [
  { gate: 'assessment_reviewed', label: 'Assessment reviewed' },
  { gate: 'assessment_current', label: 'Assessment within the reassessment period' },
  { gate: 'baa_signed', label: 'Signed BAA in force', phiOnly: true },
  { gate: 'no_open_critical', label: 'No unresolved critical finding (plain approval: nor high)' },
];

const gateCell = (result: GateResult, gate: string) => {
  const failed = result.failed.find((f) => f.gate === gate);
  return failed ? { ok: false, message: failed.message } : { ok: true };
};

/** The ladder of a finding in words: the last step done for the current due date and the next one. */
function ladderOf(policy: EscalationPolicyConfig, f: Finding): LadderSummary | null {
  const due = f.due;
  if (!due) return null;
  const sameDate = (a: string, b: string) => Date.parse(a) === Date.parse(b);
  try {
    const steps = planLadder(policy, {
      kind: due.kind,
      dueAt: due.dueAt,
      ...(due.severity ? { severity: due.severity } : {}),
    });
    const done = due.ladder && sameDate(due.ladder.dueAt, due.dueAt) ? due.ladder.done : [];
    const lastId = done.at(-1);
    const lastStep = lastId ? steps.find((s) => s.id === lastId) : undefined;
    const nextStep = f.nextActionAt
      ? steps.find((s) => !done.includes(s.id) && sameDate(s.at, f.nextActionAt!))
      : undefined;
    return {
      ...(lastId ? { last: lastStep ? describeStep(lastStep, due.kind) : lastId } : {}),
      ...(f.nextActionAt ? { nextAt: f.nextActionAt } : {}),
      ...(nextStep ? { next: describeStep(nextStep, due.kind) } : {}),
    };
  } catch {
    return f.nextActionAt ? { nextAt: f.nextActionAt } : {};
  }
}

async function renderVendor(
  c: AppContext,
  s: Session,
  vendorId: string,
  extra: { notice?: Notice; problem?: FormProblem } = {},
  status = 200,
) {
  const deps = c.var.deps;
  const role = s.principal.role;
  const { vendor, input } = await gateInputFor(deps, vendorId);
  const [assessments, baas, events] = await Promise.all([
    deps.assessments.listByVendor(vendorId),
    deps.baas.listByVendor(vendorId),
    deps.audit.list(vendorId),
  ]);
  const reviewed = assessments.find((a) => a.status === 'reviewed') ?? null;
  const findings = reviewed ? sortFindings(await deps.findings.listByAssessment(reviewed.id)) : [];
  const policies = policiesOf(deps);
  const approve = evaluateGates(input, { decision: 'approve' });
  const conditional = evaluateGates(input, {
    decision: 'approve_with_conditions',
    conditions: ['(conditions)'],
  });
  const gates: GateRow[] = GATES.filter((g) => !g.phiOnly || vendor.intake.handlesPhi).map((g) => ({
    gate: g.gate,
    label: g.label,
    approve: gateCell(approve, g.gate),
    conditional: gateCell(conditional, g.gate),
  }));
  const newestFirst = [...events].reverse();
  return send(
    c,
    vendorPage({
      organisation: deps.config.organisation,
      viewer: s.viewer,
      now: deps.clock.now().toISOString(),
      vendor,
      assessments,
      reviewed,
      findings: findings.map((finding) => ({ finding, ladder: ladderOf(policies.escalation, finding) })),
      baas,
      checklist: BAA_CHECKLIST_V1,
      maxNoticeWindowDays: policies.baa.maxNoticeWindowDays,
      gates,
      audit: newestFirst.slice(0, AUDIT_EVENTS_SHOWN),
      auditTotal: events.length,
      can: {
        launch: allowed(role, rolesOf('startAssessment')),
        resend: allowed(role, rolesOf('resendInvitation')),
        manageFindings: allowed(role, rolesOf('extendFinding')),
        manageBaa: allowed(role, rolesOf('reviewBaaClauses')),
        decide: allowed(role, rolesOf('decideVendor')),
        // approval-gates.ts: only compliance or an admin may set a gate aside.
        override: role === 'compliance' || role === 'admin',
      },
      ...extra,
    }),
    status,
  );
}

const doneRedirect = (c: AppContext, vendorId: string, done: keyof typeof DONE, anchor = '') =>
  c.redirect(
    `/console/vendors/${encodeURIComponent(vendorId)}?done=${done}${anchor ? `#${anchor}` : ''}`,
    303,
  );

/**
 * Runs a vendor-page form: on success `run` answers (a redirect); an AppError other than 403/404
 * re-renders the vendor page with the problem next to the form `formKey`.
 */
async function vendorForm(
  c: AppContext,
  s: Session,
  form: FormBody,
  formKey: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const vendorId = c.req.param('vendorId')!;
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
    const details = detailMessages(error);
    return renderVendor(
      c,
      s,
      vendorId,
      {
        problem: {
          form: formKey,
          // The gates' messages are listed one by one below the summary.
          message:
            error.code === 'gate_failed' && details
              ? 'The decision is blocked by the approval gates:'
              : error.message,
          ...(details ? { details } : {}),
          values: stringFields(form),
        },
      },
      error.status,
    );
  }
}

/** The finding in the path, checked to belong to the vendor in the path. */
async function findingOf(c: AppContext) {
  const { vendorId, assessmentId, findingId } = c.req.param() as Record<string, string>;
  const finding = await c.var.deps.findings.get(assessmentId!, findingId!);
  if (!finding || finding.vendorId !== vendorId) throw notFound('Finding', findingId!);
  return finding;
}

// --- registration form ---------------------------------------------------------------------------------

const REGISTER_MESSAGES: Record<RegisterField, string> = {
  name: 'Enter the vendor’s name (up to 200 characters)',
  contactName: 'Enter the name of the vendor’s contact (up to 200 characters)',
  contactEmail: 'Enter the vendor contact’s email address, like jo@vendor.example',
  services: 'List at least one service, one per line (up to 20, each up to 200 characters)',
  businessOwnerEmail: 'Enter the business owner’s email address, like owner@example.org',
  handlesPhi: 'Say whether the vendor handles PHI',
  medicalDevice: 'Say whether the vendor supplies a medical device',
  systemAccess: 'Choose the vendor’s access to our systems',
  recordVolume: 'Choose how many individuals’ records the vendor handles',
  criticalClinicalFunction: 'Say whether the vendor supports a critical clinical function',
};

function registerBody(values: RegisterFormValues) {
  const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  return {
    name: values.name ?? '',
    contactName: values.contactName ?? '',
    contactEmail: values.contactEmail ?? '',
    services: lines(values.services ?? ''),
    businessOwnerEmail: values.businessOwnerEmail ?? '',
    intake: {
      handlesPhi: yesNo(values.handlesPhi),
      medicalDevice: yesNo(values.medicalDevice),
      systemAccess: values.systemAccess || undefined,
      recordVolume: values.recordVolume || undefined,
      criticalClinicalFunction: values.criticalClinicalFunction === 'yes',
    },
  };
}

function registerErrors(error: AppError): Partial<Record<RegisterField, string>> {
  const errors: Partial<Record<RegisterField, string>> = {};
  const details = Array.isArray(error.details) ? (error.details as { path?: unknown }[]) : [];
  for (const d of details) {
    const parts = typeof d.path === 'string' ? d.path.split('.') : [];
    const name = (parts[0] === 'intake' ? parts[1] : parts[0]) as RegisterField | undefined;
    if (name && name in REGISTER_MESSAGES) errors[name] = REGISTER_MESSAGES[name];
  }
  return errors;
}

async function vendorList(
  c: AppContext,
  s: Session,
  extra: { stage?: VendorStage; cursor?: string; form?: Parameters<typeof vendorsPage>[0]['form'] } = {},
  status = 200,
) {
  const deps = c.var.deps;
  const cursor = decodeCursor(extra.cursor);
  const page = extra.stage
    ? await deps.vendors.listByStage(extra.stage, { limit: PAGE_SIZE, cursor })
    : await deps.vendors.list({ limit: PAGE_SIZE, cursor });
  return send(
    c,
    vendorsPage({
      organisation: deps.config.organisation,
      viewer: s.viewer,
      ...(extra.stage ? { stage: extra.stage } : {}),
      vendors: page.items,
      nextCursor: encodeCursor(page.cursor),
      isFirstPage: !cursor,
      canRegister: allowed(s.principal.role, rolesOf('registerVendor')),
      ...(extra.form ? { form: extra.form } : {}),
    }),
    status,
  );
}

const oneOf = <T extends string>(options: readonly T[], value: string | undefined): T | undefined =>
  options.includes(value as T) ? (value as T) : undefined;

const SSO_STATE_COOKIE = 'console_sso';

// --- routes ---------------------------------------------------------------------------------------------

export function consoleRoutes(app: Hono<AppEnv>) {
  app.get('/assets/console.css', (c) =>
    c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': LONG_CACHE }),
  );

  // Sign-in and sign-out.
  app.get('/console/login', (c) => {
    const config = c.var.deps.config;
    const signedOut = c.req.query('signedOut') === '1';
    return send(
      c,
      loginPage({
        organisation: config.organisation,
        mode: config.mode,
        csrf: config.mode === 'local' ? issueLoginCsrf(c) : '',
        next: safeNext(c.req.query('next')),
        ...(signedOut ? { notice: { kind: 'info', message: 'You are signed out.' } } : {}),
      }),
    );
  });

  app.post('/console/login', async (c) => {
    const deps = c.var.deps;
    const config = deps.config;
    if (config.mode !== 'local') {
      return problem(
        c,
        undefined,
        404,
        'Not found',
        'Sign in with your organisation account.',
        '/console/login',
      );
    }
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    if (!checkLoginCsrf(c, field(form, CSRF_FIELD))) {
      return problem(
        c,
        undefined,
        403,
        'The sign-in form expired',
        'Open the sign-in page again and submit it from there.',
        '/console/login',
      );
    }
    const email = field(form, 'email').trim();
    const role = Role.safeParse(field(form, 'role'));
    const errors: { field: 'email' | 'role'; message: string }[] = [];
    if (!Email.safeParse(email).success)
      errors.push({ field: 'email', message: 'Enter your work email address' });
    if (!role.success) errors.push({ field: 'role', message: 'Choose a role' });
    const next = safeNext(field(form, 'next'));
    if (errors.length || !role.success) {
      return send(
        c,
        loginPage({
          organisation: config.organisation,
          mode: config.mode,
          csrf: issueLoginCsrf(c),
          next,
          email,
          errors,
        }),
        400,
      );
    }
    const jwt = await issueLocalToken(config, { role: role.data, email }, deps.clock.now());
    setSessionCookie(c, jwt);
    clearLoginCsrf(c);
    return c.redirect(next, 303);
  });

  // AWS: the Cognito hosted UI (authorization-code flow). `state` is a random value in a short-lived
  // cookie scoped to the callback, checked on return (login CSRF).
  app.get('/console/sso', (c) => {
    const config = c.var.deps.config;
    if (config.mode === 'local') return c.redirect('/console/login', 303);
    const state = randomBytes(16).toString('hex');
    setCookie(c, SSO_STATE_COOKIE, `${state}.${safeNext(c.req.query('next'))}`, {
      path: '/console/callback',
      httpOnly: true,
      sameSite: 'Lax',
      secure: config.baseUrl.startsWith('https:'),
      maxAge: 600,
    });
    return c.redirect(authorizeUrl(config, state), 302);
  });

  app.get('/console/callback', async (c) => {
    const config = c.var.deps.config;
    const [expected, next] = (getCookie(c, SSO_STATE_COOKIE) ?? '').split('.');
    const state = c.req.query('state');
    const code = c.req.query('code');
    if (!expected || !state || !tokensMatch(expected, state) || !code) {
      return problem(
        c,
        undefined,
        400,
        'Sign-in expired',
        'The sign-in took too long or came from elsewhere; sign in again.',
        '/console/login',
      );
    }
    deleteCookie(c, SSO_STATE_COOKIE, { path: '/console/callback' });
    try {
      const idToken = await exchangeCode(config, code);
      await c.var.verifyToken(idToken); // the same check as every staff request: signature, issuer, audience, group
      setSessionCookie(c, idToken);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return problem(c, undefined, error.status, 'Sign-in did not complete', error.message, '/console/login');
    }
    return c.redirect(safeNext(next), 303);
  });

  const signOut = (c: AppContext) => {
    clearSessionCookie(c);
    return c.redirect('/console/login?signedOut=1', 303);
  };
  app.post('/console/logout', async (c) => {
    const session = await sessionOf(c).catch(() => undefined);
    if (session) {
      const form = (await c.req.parseBody({ all: true })) as FormBody;
      if (!tokensMatch(session.viewer.csrf, field(form, CSRF_FIELD))) {
        return forbidden(c, session, 'This sign-out did not come from the console. Use the Sign out button.');
      }
    }
    return signOut(c);
  });
  // Following a "sign out" link only drops this browser's cookie: nothing on the server changes.
  app.get('/console/logout', (c) => signOut(c));

  app.get('/console/', (c) => c.redirect('/console', 301));

  // 1. The pipeline board: one query per column.
  app.get(
    '/console',
    view(
      () => rolesOf('listVendors'),
      async (c, s) => {
        const deps = c.var.deps;
        const columns = await Promise.all(
          STAGES.map(async (stage) => {
            const page = await deps.vendors.listByStage(stage, { limit: PAGE_SIZE });
            return { stage, vendors: page.items, moreCursor: encodeCursor(page.cursor) };
          }),
        );
        return send(
          c,
          boardPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            columns,
            canRegister: allowed(s.principal.role, rolesOf('registerVendor')),
          }),
        );
      },
    ),
  );

  // 2. The vendor list and the registration form.
  app.get(
    '/console/vendors',
    view(
      () => rolesOf('listVendors'),
      (c, s) => {
        const stage = oneOf(STAGES, c.req.query('stage'));
        const cursor = c.req.query('cursor') || undefined;
        return vendorList(c, s, { ...(stage ? { stage } : {}), ...(cursor ? { cursor } : {}) });
      },
    ),
  );

  app.post(
    '/console/vendors',
    action(
      () => rolesOf('registerVendor'),
      async (c, s, form) => {
        const values = stringFields(form) as RegisterFormValues;
        try {
          const vendor = await registerVendor(c.var.deps, s.principal, registerBody(values));
          return doneRedirect(c, vendor.id, 'registered');
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
          return vendorList(c, s, { form: { values, errors: registerErrors(error) } }, 400);
        }
      },
    ),
  );

  // 3. One vendor and the forms that act on it.
  app.get(
    '/console/vendors/:vendorId',
    view(
      () => rolesOf('getVendor'),
      (c, s) => {
        const done = DONE[c.req.query('done') ?? ''];
        return renderVendor(c, s, c.req.param('vendorId')!, done ? { notice: done } : {});
      },
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments',
    action(
      () => rolesOf('startAssessment'),
      (c, s, form) =>
        vendorForm(c, s, form, 'launch', async () => {
          const vendorId = c.req.param('vendorId')!;
          await startAssessment(c.var.deps, s.principal, vendorId);
          return doneRedirect(c, vendorId, 'launched', 'assessments');
        }),
    ),
  );

  app.post(
    '/console/vendors/:vendorId/assessments/:assessmentId/invitation',
    action(
      () => rolesOf('resendInvitation'),
      (c, s, form) =>
        vendorForm(c, s, form, 'resend', async () => {
          const { vendorId, assessmentId } = c.req.param() as Record<string, string>;
          const assessment = await c.var.deps.assessments.get(assessmentId!);
          if (!assessment || assessment.vendorId !== vendorId) throw notFound('Assessment', assessmentId!);
          await resendInvitation(c.var.deps, s.principal, assessmentId!);
          return doneRedirect(c, vendorId!, 'resent', 'assessments');
        }),
    ),
  );

  const findingPath = '/console/vendors/:vendorId/findings/:assessmentId/:findingId';
  app.post(
    `${findingPath}/extension`,
    action(
      () => rolesOf('extendFinding'),
      (c, s, form) =>
        guardFinding(c, s, form, 'extend', async (f) => {
          const dueAt = dateField(field(form, 'dueAt'), 'end');
          if (!dueAt) throw badDate('new due date');
          await extendFinding(c.var.deps, s.principal, f.assessmentId, f.id, {
            dueAt,
            reason: field(form, 'reason'),
          });
          return 'extended';
        }),
    ),
  );
  app.post(
    `${findingPath}/acceptance`,
    action(
      () => rolesOf('acceptRisk'),
      (c, s, form) =>
        guardFinding(c, s, form, 'accept', async (f) => {
          const until = dateField(field(form, 'until'), 'end');
          if (!until) throw badDate('end of the acceptance');
          await acceptRisk(c.var.deps, s.principal, f.assessmentId, f.id, {
            until,
            reason: field(form, 'reason'),
          });
          return 'accepted';
        }),
    ),
  );
  app.post(
    `${findingPath}/verification`,
    action(
      () => rolesOf('verifyFix'),
      (c, s, form) =>
        guardFinding(c, s, form, 'verify', async (f) => {
          const verdict = field(form, 'verdict');
          const note = field(form, 'note').trim();
          await verifyFix(c.var.deps, s.principal, f.assessmentId, f.id, {
            verdict,
            ...(note ? { note } : {}),
          });
          return verdict === 'rejected' ? 'rejected' : 'verified';
        }),
    ),
  );

  const baaPath = '/console/vendors/:vendorId/baas/:baaId';
  app.post(
    `${baaPath}/review`,
    action(
      () => rolesOf('reviewBaaClauses'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `review:${baaId}`, async () => {
          const entries = BAA_CHECKLIST_V1.clauses.flatMap((clause) => {
            const finding = field(form, `clause.${clause.id}.finding`);
            if (!finding) return []; // left unreviewed: the evaluation counts it
            const note = field(form, `clause.${clause.id}.note`).trim();
            const section = field(form, `clause.${clause.id}.section`).trim();
            return [
              { clauseId: clause.id, finding, ...(note ? { note } : {}), ...(section ? { section } : {}) },
            ];
          });
          const noticeText = field(form, 'noticeWindowDays').trim();
          const exceptionReason = field(form, 'exceptionReason').trim();
          const { evaluation } = await recordClauseReview(c.var.deps, s.principal, vendorId!, baaId!, {
            entries,
            noticeWindowDays: noticeText === '' ? null : Number(noticeText),
            ...(exceptionReason ? { exceptionReason } : {}),
          });
          return doneRedirect(
            c,
            vendorId!,
            evaluation.canSign ? 'reviewed' : 'reviewed_blocked',
            `baa-${baaId}`,
          );
        });
      },
    ),
  );
  app.post(
    `${baaPath}/sign`,
    action(
      () => rolesOf('decideBaa'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `sign:${baaId}`, async () => {
          const effectiveAt = dateField(field(form, 'effectiveAt'), 'start');
          const expiresAt = dateField(field(form, 'expiresAt'), 'end');
          if (!effectiveAt) throw badDate('effective date');
          if (!expiresAt) throw badDate('expiry date');
          await decideBaa(c.var.deps, s.principal, vendorId!, baaId!, {
            action: 'sign',
            effectiveAt,
            expiresAt,
          });
          return doneRedirect(c, vendorId!, 'signed', `baa-${baaId}`);
        });
      },
    ),
  );
  app.post(
    `${baaPath}/changes`,
    action(
      () => rolesOf('decideBaa'),
      (c, s, form) => {
        const { vendorId, baaId } = c.req.param() as Record<string, string>;
        return vendorForm(c, s, form, `changes:${baaId}`, async () => {
          await decideBaa(c.var.deps, s.principal, vendorId!, baaId!, {
            action: 'request_changes',
            note: field(form, 'note'),
          });
          return doneRedirect(c, vendorId!, 'changes', `baa-${baaId}`);
        });
      },
    ),
  );

  app.post(
    '/console/vendors/:vendorId/decision',
    action(
      () => rolesOf('decideVendor'),
      (c, s, form) =>
        vendorForm(c, s, form, 'decision', async () => {
          const vendorId = c.req.param('vendorId')!;
          const decision = field(form, 'decision');
          const reason = field(form, 'reason').trim();
          const overrideReason = field(form, 'overrideReason').trim();
          const mayOverride = s.principal.role === 'compliance' || s.principal.role === 'admin';
          await decideVendor(c.var.deps, s.principal, vendorId, {
            decision,
            ...(decision === 'approve_with_conditions'
              ? { conditions: lines(field(form, 'conditions')) }
              : {}),
            ...(reason ? { reason } : {}),
            ...(mayOverride && overrideReason ? { override: { reason: overrideReason } } : {}),
          });
          return doneRedirect(c, vendorId, 'decided', 'approval');
        }),
    ),
  );

  // 4. The findings register.
  app.get(
    '/console/findings',
    view(
      () => STAFF,
      async (c, s) => {
        const deps = c.var.deps;
        const filter: FindingsFilter = {
          status: oneOf(REGISTER_STATUSES, c.req.query('status')) ?? 'open',
          overdue: c.req.query('overdue') === '1',
        };
        const severity = oneOf(SEVERITIES, c.req.query('severity'));
        if (severity) filter.severity = severity;
        const now = deps.clock.now().toISOString();
        const cursor = decodeCursor(c.req.query('cursor') || undefined);
        const page = await deps.findings.register({
          status: filter.status,
          ...(filter.severity ? { severity: filter.severity } : {}),
          ...(filter.overdue ? { dueBefore: now } : {}),
          limit: PAGE_SIZE,
          cursor,
        });
        return send(
          c,
          findingsPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            now,
            filter,
            findings: page.items,
            nextCursor: encodeCursor(page.cursor),
            isFirstPage: !cursor,
          }),
        );
      },
    ),
  );

  // 5. The BAA register.
  app.get(
    '/console/baas',
    view(
      () => rolesOf('listBaas'),
      async (c, s) => {
        const deps = c.var.deps;
        const status = oneOf<BaaStatus>(BAA_REGISTER_STATUSES, c.req.query('status'));
        const cursor = decodeCursor(c.req.query('cursor') || undefined);
        const page = await deps.baas.list({ ...(status ? { status } : {}), limit: PAGE_SIZE, cursor });
        return send(
          c,
          baasPage({
            organisation: deps.config.organisation,
            viewer: s.viewer,
            now: deps.clock.now().toISOString(),
            ...(status ? { status } : {}),
            baas: page.items,
            nextCursor: encodeCursor(page.cursor),
            isFirstPage: !cursor,
          }),
        );
      },
    ),
  );

  // Anything else under /console: an HTML 404 (after sign-in, so it reveals nothing).
  app.all('/console/*', (c) =>
    guarded(c, STAFF, async (s) => problem(c, s, 404, 'Not found', 'There is no console page here.')),
  );
}

/** A finding form: the finding must belong to the vendor; `run` returns the notice to show. */
function guardFinding(
  c: AppContext,
  s: Session,
  form: FormBody,
  kind: 'extend' | 'accept' | 'verify',
  run: (finding: Finding) => Promise<keyof typeof DONE>,
): Promise<Response> {
  const findingId = c.req.param('findingId')!;
  return vendorForm(c, s, form, `${kind}:${findingId}`, async () => {
    const finding = await findingOf(c);
    const done = await run(finding);
    return doneRedirect(c, finding.vendorId, done, `finding-${finding.id}`);
  });
}
