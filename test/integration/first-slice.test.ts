/**
 * The first slice through every layer: HTTP API → DynamoDB (dynalite) → Step Functions (the
 * synthesized launch state machine, run locally) → SES (aws-ses-v2-local).
 */
import { describe, expect, it } from 'vitest';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();

describe('registering a vendor and launching its assessment', () => {
  it('reports every component healthy', async () => {
    const res = await rt.api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok',
      mode: 'local',
      components: {
        dynamodb: { status: 'ok' },
        email: { status: 'ok' },
        s3: { status: 'ok' },
        workflows: { status: 'ok' },
      },
    });
  });

  it('tiers a PHI vendor, emails the questionnaire with a private link and the BAA request', async () => {
    const created = await rt.api('POST', '/vendors', { role: 'procurement', body: phiVendor() });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'Acme Imaging',
      tier: 'high',
      baaRequired: true,
      baaStatus: 'sent',
      stage: 'intake',
    });
    const vendorId = created.json.id as string;

    const started = await rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' });
    expect(started.status).toBe(202);
    expect(started.json.status).toBe('launching');
    const assessmentId = started.json.id as string;

    const invitation = await rt.waitForEmail((e) =>
      e.subject.startsWith('Security questionnaire for Acme Imaging'),
    );
    expect(invitation.destination.to).toEqual(['jo@acme.example']);
    expect(invitation.body.html).toContain(`${rt.appUrl}/portal/`);
    expect(invitation.body.text).toContain('Questions: 51 questions, more may appear from your answers');
    const token = portalToken(invitation);

    const baa = await rt.waitForEmail(
      (e) => e.subject === 'Business Associate Agreement required: Acme Imaging',
    );
    expect(baa.destination.to).toEqual(['jo@acme.example']);
    await rt.runner.idle();

    const assessment = await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' });
    expect(assessment.status).toBe(200);
    expect(assessment.json).toMatchObject({
      status: 'sent',
      questionnaire: { templateId: 'hipaa-vendor-security', version: 2, questionCount: 62 },
    });
    expect(assessment.json).not.toHaveProperty('linkTokenHash');
    expect(JSON.stringify(assessment.json)).not.toContain(token);

    const vendor = await rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' });
    expect(vendor.json).toMatchObject({
      stage: 'assessment_sent',
      baaStatus: 'sent',
      latestAssessmentId: assessmentId,
    });

    const portal = await fetch(`${rt.appUrl}/portal/${token}/questionnaire`);
    expect(portal.status).toBe(200);
    expect(((await portal.json()) as { assessmentId: string }).assessmentId).toBe(assessmentId);
  });

  it('refuses a second open assessment for the same vendor with a 409', async () => {
    const created = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Twice Corp' }),
    });
    const first = await rt.api('POST', `/vendors/${created.json.id}/assessments`, { role: 'procurement' });
    expect(first.status).toBe(202);
    const second = await rt.api('POST', `/vendors/${created.json.id}/assessments`, { role: 'procurement' });
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({
      code: 'assessment_in_progress',
      details: { assessmentId: first.json.id },
    });
  });

  it('answers 409 with the existing vendor for the same name or contact domain, unless allowDuplicate', async () => {
    const body = (overrides: Record<string, unknown>) => {
      const { allowDuplicate: _, ...rest } = phiVendor(overrides);
      return rest;
    };
    const first = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: body({ name: 'Northstar Dialysis, Inc.', contactEmail: 'kim@northstar-dialysis.com' }),
    });
    expect(first.status).toBe(201);
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'same name, other case and suffix',
        { name: 'NORTHSTAR dialysis LLC', contactEmail: 'x@other.com' },
        'same_name',
      ],
      [
        'same contact domain',
        { name: 'Northstar Renal', contactEmail: 'lee@northstar-dialysis.com' },
        'same_contact_domain',
      ],
    ];
    for (const [label, overrides, reason] of cases) {
      const again = await rt.api('POST', '/vendors', { role: 'procurement', body: body(overrides) });
      expect(again.status, label).toBe(409);
      expect(again.json.error.code).toBe('duplicate_vendor');
      expect(again.json.error.message).toContain('Northstar Dialysis, Inc. is already registered');
      expect(again.json.error.details.existing).toEqual([
        expect.objectContaining({ id: first.json.id, name: 'Northstar Dialysis, Inc.', reason }),
      ]);
    }
    // A public mail domain is no evidence of the same vendor.
    const gmail1 = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: body({ name: 'Solo Transcriber A', contactEmail: 'a.solo@gmail.com' }),
    });
    const gmail2 = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: body({ name: 'Solo Transcriber B', contactEmail: 'b.solo@gmail.com' }),
    });
    expect([gmail1.status, gmail2.status]).toEqual([201, 201]);
    // Confirmed: registered, and the flag is not stored on the vendor.
    const confirmed = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: { ...body({ name: 'Northstar Dialysis' }), allowDuplicate: true },
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.json).not.toHaveProperty('allowDuplicate');
  });

  it('lists vendors a page at a time', async () => {
    const page = await rt.api('GET', '/vendors?limit=1', { role: 'compliance' });
    expect(page.status).toBe(200);
    expect(page.json.items).toHaveLength(1);
    expect(page.json.nextCursor).toEqual(expect.any(String));
    const next = await rt.api('GET', `/vendors?limit=1&cursor=${page.json.nextCursor}`, {
      role: 'compliance',
    });
    expect(next.json.items[0].id).not.toBe(page.json.items[0].id);
  });
});

describe('bad requests get a clear 4xx, never a stack trace', () => {
  it.each([
    ['missing fields', { name: 'X' }, 'invalid_request', 'contactName'],
    ['a bad email', { ...phiVendor(), contactEmail: 'not-an-email' }, 'invalid_request', 'contactEmail'],
    [
      'an unknown access level',
      { ...phiVendor(), intake: { ...phiVendor().intake, systemAccess: 'root' } },
      'invalid_request',
      'intake.systemAccess',
    ],
  ])('%s → 400 naming the field', async (_name, body, code, path) => {
    const res = await rt.api('POST', '/vendors', { role: 'procurement', body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(code);
    expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(res.text).not.toMatch(/at \w+ \(|\.ts:\d+/);
  });

  it('malformed JSON → 400 invalid_json', async () => {
    const res = await rt.api('POST', '/vendors', { role: 'procurement', body: '{"name": ' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_json');
  });

  it('no token → 401; wrong role → 403; forged token → 401', async () => {
    expect((await rt.api('POST', '/vendors', { body: phiVendor() })).status).toBe(401);
    const forbidden = await rt.api('POST', '/vendors', { role: 'compliance', body: phiVendor() });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('forbidden');
    const forged = await rt.api('GET', '/vendors', {
      token: 'eyJhbGciOiJub25lIn0.eyJjb2duaXRvOmdyb3VwcyI6WyJhZG1pbiJdfQ.',
    });
    expect(forged.status).toBe(401);
  });

  it('unknown vendor → 404; unknown route → 404', async () => {
    const missing = await rt.api('GET', '/vendors/v_doesnotexist00', { role: 'procurement' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
    expect((await rt.api('GET', '/nope')).status).toBe(404);
  });

  it('ids or cursors the table cannot hold → 400, not 500', async () => {
    const forged = Buffer.from(JSON.stringify({ a: 1 })).toString('base64url');
    expect((await rt.api('GET', `/vendors?cursor=${forged}`, { role: 'procurement' })).status).toBe(400);
    const long = await rt.api('GET', `/vendors/v_${'x'.repeat(3000)}`, { role: 'procurement' });
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe('invalid_request');
  });

  it('a JSON endpoint refuses a non-JSON body (cross-site form posts cannot reach it) → 415', async () => {
    const res = await fetch(`${rt.appUrl}/vendors`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${await rt.token('procurement')}` },
      body: JSON.stringify(phiVendor()),
    });
    expect(res.status).toBe(415);
  });

  it('a double click on "launch" starts one assessment and leaves the vendor assessable', async () => {
    const created = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Double Click' }),
    });
    const [a, b] = await Promise.all([
      rt.api('POST', `/vendors/${created.json.id}/assessments`, { role: 'procurement' }),
      rt.api('POST', `/vendors/${created.json.id}/assessments`, { role: 'procurement' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    await rt.runner.idle();
    const vendor = await rt.api('GET', `/vendors/${created.json.id}`, { role: 'procurement' });
    expect(vendor.json.assessments).toHaveLength(1);
    expect(vendor.json.assessments[0].status).toBe('sent');
  });

  it('a bad cursor → 400 invalid_cursor', async () => {
    const res = await rt.api('GET', '/vendors?cursor=%%%', { role: 'procurement' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_cursor');
  });
});

describe('OpenAPI', () => {
  it('documents every operation from the zod schemas', async () => {
    const res = await rt.api('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const post = res.json.paths['/vendors'].post;
    expect(post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'contactEmail', 'intake']),
    );
    expect(
      post.requestBody.content['application/json'].schema.properties.intake.properties.systemAccess.enum,
    ).toEqual(['none', 'user', 'privileged']);
    expect(res.json.paths['/vendors/{vendorId}/assessments'].post.responses['202']).toBeDefined();
    expect(res.json.paths['/assessments/{assessmentId}'].get.security).toEqual([{ staffJwt: [] }]);
  });
});

describe('oversized bodies', () => {
  // Last in the file: the server stops reading the body and closes that connection.
  it('→ 413 payload_too_large', async () => {
    const big = await rt.api('POST', '/vendors', {
      role: 'procurement',
      body: { name: 'x'.repeat(600_000) },
    });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
  });
});
