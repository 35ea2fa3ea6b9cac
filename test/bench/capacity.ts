/**
 * `node test/bench/capacity.ts`: DynamoDB calls, write units and read units per product operation,
 * as dynalite reports them (ReturnConsumedCapacity TOTAL on every request). One full lifecycle on a
 * throwaway local runtime: register a PHI vendor, start an assessment (launch workflow), open the
 * portal, save a draft, submit (review workflow), read the vendor.
 */
import { compliantAnswers } from '../support/answers.ts';
import { type RecordedCall, recordCapacity, totals } from '../support/capacity.ts';
import { phiVendor, portalToken, startTestRuntime } from '../support/runtime.ts';

const rt = await startTestRuntime();
const rec = recordCapacity(rt.deps.clients.ddb);
const rows: { op: string; calls: RecordedCall[] }[] = [];
const measure = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
  await rt.runner.idle();
  const { result, calls } = await rec.during(async () => {
    const r = await fn();
    await rt.runner.idle();
    return r;
  });
  rows.push({ op, calls });
  return result;
};

try {
  const contactEmail = 'capacity@vendor.example';
  const vendor = await measure('POST /vendors (PHI, BAA required)', () =>
    rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({ name: 'Capacity Co', contactEmail }),
    }),
  );
  const vendorId = vendor.json.id as string;
  await measure('POST /vendors (no PHI)', () =>
    rt.api('POST', '/vendors', {
      role: 'procurement',
      body: phiVendor({
        name: 'Plain Co',
        contactEmail: 'plain@vendor.example',
        intake: { handlesPhi: false, medicalDevice: false, systemAccess: 'none', recordVolume: 'none' },
      }),
    }),
  );
  await measure('launch (POST assessments + workflow)', () =>
    rt.api('POST', `/vendors/${vendorId}/assessments`, { role: 'procurement' }),
  );
  const second = await rt.api('POST', '/vendors', {
    role: 'procurement',
    body: phiVendor({ name: 'Second Co', contactEmail: 'second@vendor.example' }),
  });
  await measure('launch again (template version already frozen)', () =>
    rt.api('POST', `/vendors/${second.json.id}/assessments`, { role: 'procurement' }),
  );
  const email = await rt.waitForEmail(
    (e) => e.destination.to.includes(contactEmail) && e.subject.startsWith('Security questionnaire'),
  );
  const token = portalToken(email);
  const view = await measure(
    'portal GET questionnaire',
    async () => (await rt.api('GET', `/portal/${token}/questionnaire`)).json,
  );
  const answers = compliantAnswers(view) as Record<string, unknown>;
  const some = Object.fromEntries(Object.entries(answers).slice(0, 10));
  await measure('draft save (PUT draft, 10 answers)', () =>
    rt.api('PUT', `/portal/${token}/draft`, { body: { answers: some } }),
  );
  await measure('draft save (PUT draft, all answers)', () =>
    rt.api('PUT', `/portal/${token}/draft`, { body: { answers } }),
  );
  await measure('submit + review workflow', () =>
    rt.api('POST', `/portal/${token}/submit`, { body: { answers } }),
  );
  await measure('GET /vendors/{id}', () => rt.api('GET', `/vendors/${vendorId}`, { role: 'procurement' }));
  await measure('GET /vendors?limit=25', () => rt.api('GET', '/vendors?limit=25', { role: 'procurement' }));

  console.log('| operation | calls | writes | WCU | RCU |');
  console.log('|---|---|---|---|---|');
  for (const { op, calls } of rows) {
    const t = totals(calls);
    console.log(`| ${op} | ${t.calls} | ${t.writes} | ${t.wcu} | ${t.rcu} |`);
  }
  if (process.argv.includes('--detail')) {
    for (const { op, calls } of rows) {
      console.log(`\n${op}`);
      for (const c of calls) {
        const key = c.input.Key ?? c.input.Item ?? {};
        const pk = (key.PK?.S ??
          key.PK ??
          c.input.IndexName ??
          c.input.ExpressionAttributeValues?.[':pk']?.S ??
          '') as string;
        console.log(
          `  ${c.command.replace('Command', '').padEnd(16)} wcu=${c.wcu} rcu=${c.rcu} ${String(pk).slice(0, 40)} ${(key.SK?.S ?? '') as string}`,
        );
      }
    }
  }
} finally {
  rec.stop();
  await rt.close();
}
