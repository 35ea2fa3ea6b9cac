/**
 * Upload registrations accept only keys the server issued for that assessment or agreement, and
 * keep what the store holds (size, type, SHA-256, version id), never the client's claim. Probes
 * from issue 11: vendor A registered vendor C's signed BAA through a `../` key, and a fix report
 * accepted another assessment's evidence.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { compliantAnswers } from '../support/answers.ts';
import { uploadBaa } from '../support/baa.ts';
import { phiVendor, portalToken, useTestRuntime } from '../support/runtime.ts';

const rt = useTestRuntime();
const sha = (bytes: string) => createHash('sha256').update(bytes).digest('hex');
const PDF = '%PDF-1.4\n% evidence for the audit question\n%%EOF\n';

async function invite(name: string, contactEmail: string) {
  const vendor = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name, contactEmail }),
  });
  expect(vendor.status).toBe(201);
  const started = await rt.api('POST', `/vendors/${vendor.json.id}/assessments`, { role: 'procurement' });
  const email = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  await rt.runner.idle();
  const baaEmail = await rt.waitForEmail(
    (e) =>
      e.destination.to.includes(contactEmail) &&
      e.subject.startsWith('Business Associate Agreement required'),
  );
  return {
    vendorId: vendor.json.id as string,
    assessmentId: started.json.id as string,
    token: portalToken(email),
    baaToken: baaEmail.body.text!.match(/\/portal\/([A-Za-z0-9_-]{43})\/baa/)![1]!,
  };
}

/** Presign through the portal and PUT the bytes, as the portal page does. */
async function uploadEvidence(token: string, name: string, body: string, purpose = 'gov-audit-report') {
  const upload = await rt.api('POST', `/portal/${token}/uploads`, {
    body: { fileName: name, contentType: 'application/pdf', size: Buffer.byteLength(body), purpose },
  });
  expect(upload.status).toBe(200);
  const put = await fetch(upload.json.uploadUrl, { method: 'PUT', headers: upload.json.headers, body });
  expect(put.status).toBe(200);
  return upload.json as {
    uploadUrl: string;
    headers: Record<string, string>;
    evidence: { key: string; name: string };
  };
}

/** A PUT with the path exactly as given (fetch would resolve `..`). */
function rawPut(url: string, body: string) {
  const parsed = new URL(url);
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: parsed.hostname,
        port: parsed.port,
        method: 'PUT',
        path: url.slice(url.indexOf('/', 'http://'.length)),
        headers: { 'content-type': 'application/pdf', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const questionnaire = async (token: string) => (await rt.api('GET', `/portal/${token}/questionnaire`)).json;

describe('questionnaire evidence', () => {
  it('is pinned on submit to what the store holds: size, type, SHA-256 and version id, not the claim', async () => {
    const { token, assessmentId } = await invite('Pinned Evidence Co', 'pin@vendor.example');
    const { evidence, uploadUrl, headers } = await uploadEvidence(token, 'soc2.pdf', PDF);
    const claim = {
      key: evidence.key,
      name: 'soc2.pdf',
      size: 5,
      contentType: 'image/png',
      sha256: 'f'.repeat(64),
      versionId: 'forged',
    };
    const answers = compliantAnswers(await questionnaire(token), { 'gov-audit-report': [claim] });
    const submitted = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(submitted.status).toBe(202);

    const stored = (await rt.api('GET', `/assessments/${assessmentId}`, { role: 'compliance' })).json;
    const ref = stored.answers['gov-audit-report'][0];
    expect(ref).toEqual({
      key: evidence.key,
      name: 'soc2.pdf',
      size: Buffer.byteLength(PDF),
      contentType: 'application/pdf',
      sha256: sha(PDF),
      versionId: expect.stringMatching(/^[\w-]{20,}$/),
    });
    expect(ref.versionId).not.toBe('forged');

    // The URL is still valid: the same length again, other bytes. The pinned version still names
    // the bytes that were submitted.
    const swapped = PDF.replace('audit', 'AUDIT');
    expect((await fetch(uploadUrl, { method: 'PUT', headers, body: swapped })).status).toBe(200);
    const pinned = await rt.deps.clients.s3.send(
      new GetObjectCommand({ Bucket: rt.deps.config.bucketName, Key: ref.key, VersionId: ref.versionId }),
    );
    expect(sha(await pinned.Body!.transformToString())).toBe(ref.sha256);
  });

  it("refuses a key the server never issued, even inside the assessment's own folder", async () => {
    const { token, assessmentId } = await invite('Built Path Co', 'built@vendor.example');
    const other = await invite('Victim Co', 'victim@vendor.example');
    const theirs = await uploadEvidence(other.token, 'their-soc2.pdf', PDF);
    const view = await questionnaire(token);
    for (const key of [
      `evidence/${assessmentId}/gov-audit-report/x/soc2.pdf`,
      `evidence/${assessmentId}/gov-audit-report/../../${other.assessmentId}/${theirs.evidence.key.split('/').slice(2).join('/')}`,
      theirs.evidence.key,
    ]) {
      const ref = { key, name: 'soc2.pdf', size: 10, contentType: 'application/pdf' };
      const draft = await rt.api('PUT', `/portal/${token}/draft`, {
        body: { answers: { 'gov-audit-report': [ref] } },
      });
      expect(draft.status, key).toBe(400);
      expect(draft.json.error.message, key).toMatch(/was not uploaded through this questionnaire/);
      const submit = await rt.api('POST', `/portal/${token}/submit`, {
        body: { answers: compliantAnswers(view, { 'gov-audit-report': [ref] }) },
      });
      expect(submit.status, key).toBe(400);
      expect(submit.json.error.message, key).toMatch(/was not uploaded through this questionnaire/);
    }
  });

  it('refuses a file whose bytes are not what its type says (an HTML page labelled PDF)', async () => {
    const { token } = await invite('Renamed File Co', 'renamed@vendor.example');
    const { evidence } = await uploadEvidence(token, 'report.pdf', '<html><script>alert(1)</script></html>');
    const answers = compliantAnswers(await questionnaire(token), {
      'gov-audit-report': [
        { key: evidence.key, name: 'report.pdf', size: 1, contentType: 'application/pdf' },
      ],
    });
    const res = await rt.api('POST', `/portal/${token}/submit`, { body: { answers } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'invalid_evidence',
      message: expect.stringMatching(/does not contain what its type says/),
    });
  });

  it('three identical concurrent submits: all 202, one accepted, the others duplicates', async () => {
    const { token } = await invite('Triple Click Co', 'triple@vendor.example');
    const { evidence } = await uploadEvidence(token, 'soc2.pdf', PDF);
    const answers = compliantAnswers(await questionnaire(token), {
      'gov-audit-report': [{ key: evidence.key, name: 'soc2.pdf', size: 1, contentType: 'application/pdf' }],
    });
    const results = await Promise.all(
      [1, 2, 3].map(() => rt.api('POST', `/portal/${token}/submit`, { body: { answers } })),
    );
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(results.map((r) => r.json.duplicate).sort()).toEqual([false, true, true]);
    await rt.runner.idle();
  });
});

describe('fix report evidence', () => {
  it("refuses another assessment's evidence (also through ../) and pins its own", async () => {
    const { token, assessmentId } = await invite('Fix Evidence Co', 'fixev@vendor.example');
    const other = await invite('Other Fix Co', 'otherfix@vendor.example');
    const theirs = await uploadEvidence(other.token, 'their-policy.pdf', PDF, 'general');
    const answers = compliantAnswers(await questionnaire(token), { 'access-unique-ids': 'no' });
    expect((await rt.api('POST', `/portal/${token}/submit`, { body: { answers } })).status).toBe(202);
    await rt.runner.idle();
    const finding = (await rt.api('GET', `/portal/${token}/findings`)).json.items.find(
      (f: { questionId: string }) => f.questionId === 'access-unique-ids',
    );
    const fix = (evidence: unknown[]) =>
      rt.api('POST', `/portal/${token}/findings/${finding.id}/fix`, {
        body: { note: 'Named accounts only.', evidence },
      });

    for (const key of [
      theirs.evidence.key,
      `evidence/${assessmentId}/general/../../${theirs.evidence.key.slice('evidence/'.length)}`,
    ]) {
      const res = await fix([{ key, name: 'policy.pdf', size: 10, contentType: 'application/pdf' }]);
      expect(res.status, key).toBe(400);
      expect(res.json.error, key).toMatchObject({
        code: 'invalid_evidence',
        message: expect.stringMatching(/not uploaded through this portal/),
      });
    }

    const mine = await uploadEvidence(token, 'policy.pdf', PDF, 'general');
    const ok = await fix([
      { key: mine.evidence.key, name: 'policy.pdf', size: 99, contentType: 'text/plain' },
    ]);
    expect(ok.status).toBe(200);
    const stored = await rt.deps.findings.get(assessmentId, finding.id);
    expect(stored?.fixReport?.evidence).toEqual([
      {
        key: mine.evidence.key,
        name: 'policy.pdf',
        size: Buffer.byteLength(PDF),
        contentType: 'application/pdf',
        sha256: sha(PDF),
        versionId: expect.stringMatching(/^[\w-]{20,}$/),
      },
    ]);
  });
});

describe('BAA documents', () => {
  it("vendor A cannot register vendor C's signed copy, neither by its key nor through ../", async () => {
    const a = await invite('Vendor A Health', 'a@vendor.example');
    const c = await invite('Vendor C Health', 'c@vendor.example');
    const text = 'BUSINESS ASSOCIATE AGREEMENT\nSigned by Vendor C.\n';
    const cUpload = await uploadBaa(
      rt,
      { token: c.baaToken },
      { name: 'signed.txt', contentType: 'text/plain', bytes: text, kind: 'signed' },
    );
    expect(cUpload.registered.status).toBe(200);
    const cKey = cUpload.upload.json.key as string;

    // A's own presigned URL cannot be bent onto C's folder either.
    const aUpload = await rt.api('POST', `/portal/${a.baaToken}/baa/uploads`, {
      body: {
        fileName: 'signed.txt',
        contentType: 'text/plain',
        size: Buffer.byteLength(text),
        kind: 'signed',
      },
    });
    const aKey = aUpload.json.key as string;
    const bent = aUpload.json.uploadUrl.replace(
      `/${aKey.split('/').map(encodeURIComponent).join('/')}`,
      `/baa/${a.vendorId}/main/../../${c.vendorId}/main/x/signed.txt`,
    );
    expect(bent).not.toBe(aUpload.json.uploadUrl);
    expect(await rawPut(bent, text)).toBe(403);

    for (const key of [
      cKey,
      `baa/${a.vendorId}/main/../../${cKey.slice('baa/'.length)}`,
      aKey.replace(/[^/]+$/, 'other.txt'),
    ]) {
      const res = await rt.api('POST', `/portal/${a.baaToken}/baa/documents`, {
        body: { key, kind: 'signed', fileName: 'signed.txt' },
      });
      expect(res.status, key).toBe(400);
      expect(res.json.error.code, key).toBe('invalid_document');
    }
    // Staff registering it under A's agreement is refused the same way.
    const staff = await rt.api('POST', `/vendors/${a.vendorId}/baas/main/documents`, {
      role: 'compliance',
      body: { key: cKey, kind: 'signed', fileName: 'signed.txt' },
    });
    expect(staff.status).toBe(400);
    expect(staff.json.error.code).toBe('invalid_document');
    // Registering the same upload twice does not make two versions.
    const again = await rt.api('POST', `/portal/${c.baaToken}/baa/documents`, {
      body: { key: cKey, kind: 'signed', fileName: 'signed.txt' },
    });
    expect(again.status).toBe(409);
    const baa = await rt.deps.baas.get(c.vendorId, 'main');
    expect(baa?.documents).toHaveLength(1);
    expect(baa?.documents[0]).toMatchObject({
      key: cKey,
      sha256: sha(text),
      size: Buffer.byteLength(text),
      s3VersionId: expect.any(String),
    });
  });
});

describe('issued-upload records', () => {
  it('expire 180 days after issue (DynamoDB TTL; pruned locally), so unused keys do not pile up', async () => {
    const { token } = await invite('Ttl Imaging', 'ttl@vendor.example');
    const issuedAt = Math.floor(rt.deps.clock.now().getTime() / 1000);
    const upload = await uploadEvidence(token, 'policy.pdf', PDF);
    const record = await rt.deps.store.get<{ purgeAt: number }>({
      PK: `UPLOAD#${upload.evidence.key}`,
      SK: 'ISSUED',
    });
    // 180 days = 15,552,000 s, written out rather than read from the constant under test.
    expect(record?.purgeAt).toBeGreaterThanOrEqual(issuedAt + 15_552_000);
    expect(record?.purgeAt).toBeLessThan(issuedAt + 15_552_000 + 120);
  });
});
