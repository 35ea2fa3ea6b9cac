/** The vendor list (paged, by stage) and the registration form. */
import type { Hono } from 'hono';
import { AppError } from '../../../errors.ts';
import { RegisterVendorRequest, type VendorStage } from '../../../schemas/vendor.ts';
import { registerVendor } from '../../../use-cases/register-vendor.ts';
import { parseInput } from '../../../use-cases/validation.ts';
import type { AppContext, AppEnv } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { STAGES } from '../../pages/console/components.ts';
import {
  type RegisterField,
  type RegisterFormValues,
  vendorsPage,
} from '../../pages/console/vendors-page.ts';
import { lines, oneOf, stringFields } from './forms.ts';
import { MESSAGES as INTAKE_MESSAGES, intakeExtras } from './intake-form.ts';

type DuplicateOf = { id: string; name: string; contactEmail: string; reason: string };

import { action, allowed, PAGE_SIZE, rolesOf, type Session, send, view } from './guard.ts';
import { doneRedirect } from './vendor.ts';

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
  ...INTAKE_MESSAGES,
};

function registerBody(values: RegisterFormValues, extras: Record<string, unknown>) {
  const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  return {
    name: values.name ?? '',
    contactName: values.contactName ?? '',
    contactEmail: values.contactEmail ?? '',
    services: lines(values.services ?? ''),
    businessOwnerEmail: values.businessOwnerEmail ?? '',
    // Procurement saw the possible duplicate and confirmed it is a different vendor.
    ...(values.allowDuplicate === 'yes' ? { allowDuplicate: true } : {}),
    intake: {
      handlesPhi: yesNo(values.handlesPhi),
      medicalDevice: yesNo(values.medicalDevice),
      systemAccess: values.systemAccess || undefined,
      recordVolume: values.recordVolume || undefined,
      criticalClinicalFunction: values.criticalClinicalFunction === 'yes',
      ...extras,
    },
  };
}

/** The form field an API validation path refers to (`intake.dataLocation.vendorCountries.0` → vendorCountries). */
function fieldOfPath(parts: string[]): RegisterField | undefined {
  if (parts[0] !== 'intake') return parts[0] as RegisterField | undefined;
  if (parts[1] === 'dataLocation') return (parts[2] ?? 'vendorCountries') as RegisterField;
  if (parts[1] === 'cyberInsurance') {
    return (
      ({ carries: 'insurance', carrier: 'insuranceCarrier', limitUsd: 'insuranceLimit' } as const)[
        parts[2] as 'carries' | 'carrier' | 'limitUsd'
      ] ?? 'insurance'
    );
  }
  return parts[1] as RegisterField | undefined;
}

function registerErrors(error: AppError): Partial<Record<RegisterField, string>> {
  const errors: Partial<Record<RegisterField, string>> = {};
  const details = Array.isArray(error.details) ? (error.details as { path?: unknown }[]) : [];
  for (const d of details) {
    const parts = typeof d.path === 'string' ? d.path.split('.') : [];
    const name = fieldOfPath(parts);
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

export function vendorsRoutes(app: Hono<AppEnv>) {
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
        const { extras, errors: typed } = intakeExtras(values);
        try {
          if (Object.keys(typed).length > 0) {
            // A country nobody knows: say which, along with any other problem of the form, and
            // register nothing (the request is only checked here).
            let errors = typed;
            try {
              parseInput(RegisterVendorRequest, registerBody(values, extras), 'vendor registration');
            } catch (e) {
              if (e instanceof AppError) errors = { ...registerErrors(e), ...typed };
            }
            return vendorList(c, s, { form: { values, errors } }, 400);
          }
          const vendor = await registerVendor(c.var.deps, s.principal, registerBody(values, extras));
          return doneRedirect(c, vendor.id, 'registered');
        } catch (error) {
          if (error instanceof AppError && error.code === 'duplicate_vendor') {
            const existing = (error.details as { existing?: DuplicateOf[] } | undefined)?.existing ?? [];
            return vendorList(c, s, { form: { values, errors: {}, duplicates: existing } }, 409);
          }
          if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
          return vendorList(c, s, { form: { values, errors: registerErrors(error) } }, 400);
        }
      },
    ),
  );
}
