/** `audit verify | packet`: check vendors' hash-chained audit trails; download a vendor's audit packet. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext, CommandSpec, OptionValues } from '../../bin/cli.ts';
import { CHAIN_PROBLEM_LABELS, labelOf, plural } from '../../shared/labels.ts';
import { CliError, EXIT, type ExitCode, usageError } from '../api-client.ts';
import { formatTable } from '../csv.ts';
import { createProgress, mapBounded } from '../progress.ts';

/** GET /vendors/{id}/audit/verify. */
export interface ChainVerification {
  ok: boolean;
  checked: number;
  headHash: string | null;
  problems: { seq: number; kind: string; message: string }[];
}

interface VendorResult extends ChainVerification {
  vendorId: string;
  name: string;
}

const CONCURRENCY = 4;

async function verifyOne(ctx: CommandContext, vendorId: string): Promise<ChainVerification> {
  return ctx.client.json<ChainVerification>('GET', `/vendors/${encodeURIComponent(vendorId)}/audit/verify`);
}

async function verify(ctx: CommandContext, vendorId: string | undefined): Promise<ExitCode> {
  let targets: { id: string; name: string }[];
  if (vendorId) {
    targets = [{ id: vendorId, name: '' }];
  } else {
    targets = [];
    for await (const v of ctx.client.paged<{ id: string; name: string }>('/vendors')) {
      targets.push({ id: v.id, name: v.name });
    }
  }
  const progress = createProgress(vendorId ? 0 : targets.length, {
    stream: ctx.progressStream,
    title: 'Verifying',
  });
  let results: VendorResult[];
  try {
    results = await mapBounded(targets, CONCURRENCY, async (t) => {
      const result = await verifyOne(ctx, t.id);
      progress.tick(t.name || t.id);
      return { vendorId: t.id, name: t.name, ...result, problems: result.problems ?? [] };
    });
  } finally {
    progress.done();
  }
  const broken = results.filter((r) => !r.ok || r.problems.length > 0);
  if (ctx.json) {
    ctx.out(
      JSON.stringify(
        { ok: broken.length === 0, vendors: results.length, withProblems: broken.length, results },
        null,
        2,
      ),
    );
    return broken.length === 0 ? EXIT.ok : EXIT.partial;
  }
  if (results.length === 0) {
    ctx.out('No vendors, so no audit trails to verify.');
    return EXIT.ok;
  }
  ctx.out(
    formatTable(
      ['result', 'vendor', 'name', 'events', 'head hash'],
      results.map((r) => [
        r.ok && r.problems.length === 0 ? 'OK' : 'PROBLEM',
        r.vendorId,
        r.name,
        r.checked,
        r.headHash ? `${r.headHash.slice(0, 16)}…` : '',
      ]),
    ),
  );
  for (const r of broken) {
    ctx.out('');
    ctx.out(`${r.name || r.vendorId} (${r.vendorId}): ${plural(r.problems.length, 'problem')}`);
    for (const p of r.problems)
      ctx.out(`  event ${p.seq}, ${labelOf(CHAIN_PROBLEM_LABELS, p.kind).toLowerCase()}: ${p.message}`);
  }
  ctx.out('');
  ctx.out(
    broken.length === 0
      ? `${plural(results.length, 'audit trail')} verified: every chain is intact.`
      : `${broken.length} of ${plural(results.length, 'audit trail')} ${broken.length === 1 ? 'has' : 'have'} problems.`,
  );
  return broken.length === 0 ? EXIT.ok : EXIT.partial;
}

async function packet(ctx: CommandContext, vendorId: string, values: OptionValues): Promise<ExitCode> {
  const out = values.out as string | undefined;
  if (!out)
    throw usageError('Missing --out <file.html>', `baa-guard audit packet ${vendorId} --out packet.html`);
  const res = await ctx.client.request('GET', `/vendors/${encodeURIComponent(vendorId)}/audit-packet`, {
    accept: 'text/html',
  });
  try {
    writeFileSync(resolve(ctx.cwd, out), res.text);
  } catch (error) {
    throw new CliError(`Cannot write ${out}: ${(error as Error).message}`, EXIT.failed);
  }
  const kb = (Buffer.byteLength(res.text) / 1024).toFixed(1);
  if (ctx.json) ctx.out(JSON.stringify({ vendorId, file: out, bytes: Buffer.byteLength(res.text) }));
  else
    ctx.out(`Wrote the audit packet of ${vendorId} to ${out} (${kb} KB). Open it in a browser, or print it.`);
  return EXIT.ok;
}

export const auditCommands: CommandSpec[] = [
  {
    path: ['audit', 'verify'],
    summary: "Verify a vendor's hash-chained audit trail (every vendor when no id is given)",
    description:
      'Recomputes each event hash and its link to the previous one on the server side\n(GET /vendors/<id>/audit/verify) and prints OK or each problem with its sequence number.',
    args: [{ name: 'vendorId', required: false, description: 'one vendor (v_…); all vendors when left out' }],
    examples: [
      'baa-guard audit verify',
      'baa-guard audit verify v_8Yq2mB1x9KqT',
      'baa-guard audit verify --json',
    ],
    exitNotes: ['3  at least one audit trail has a problem'],
    defaultRole: () => 'compliance',
    run: (ctx, { args }) => verify(ctx, args[0]),
  },
  {
    path: ['audit', 'packet'],
    summary: "Download a vendor's audit packet (HTML) for an auditor",
    args: [{ name: 'vendorId', required: true, description: 'the vendor id (v_…)' }],
    options: {
      out: { type: 'string', placeholder: '<file.html>', description: 'Where to write it (required)' },
    },
    examples: ['baa-guard audit packet v_8Yq2mB1x9KqT --out acme-audit.html'],
    defaultRole: () => 'compliance',
    run: (ctx, { args, values }) => packet(ctx, args[0]!, values),
  },
];
