/**
 * The one config loader. Every runtime (Lambda, the local runtime, tests) builds its config from
 * environment variables through this schema, so a missing or malformed setting fails at start with
 * a message naming the variable instead of deep inside a request.
 */
import * as z from './schemas/zod.ts';

const csv = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const AppConfigSchema = z.object({
  mode: z.enum(['local', 'aws']),
  region: z.string().check(z.minLength(1)),
  tableName: z.string().check(z.minLength(1)),
  bucketName: z.string().check(z.minLength(1)),
  /** The write-once (S3 Object Lock) bucket audit chain heads are published to; absent: not published. */
  auditArchiveBucket: z.optional(z.string().check(z.minLength(1))),
  /** Public base URL of the app: links in emails point here (`<baseUrl>/portal/<token>`). */
  baseUrl: z.url(),
  /** The covered entity's name, shown in emails and pages. */
  organisation: z.string().check(z.minLength(1)),
  mail: z.object({
    from: z.email(),
    configurationSet: z.optional(z.string()),
    procurement: z.array(z.email()),
    compliance: z.array(z.email()),
    executive: z.array(z.email()),
    /** The privacy officer(s): told of every vendor incident at once, first on the breach-clock ladder. */
    privacyOfficer: z.array(z.email()),
  }),
  /** Local stand-in endpoints; absent in AWS where the SDK finds the real services. */
  endpoints: z.object({
    dynamodb: z.optional(z.url()),
    ses: z.optional(z.url()),
    s3: z.optional(z.url()),
  }),
  auth: z.object({
    issuer: z.string().check(z.minLength(1)),
    audience: z.optional(z.string()),
    /** AWS: the Cognito JWKS URL. Local: unset; the local key pair under the data folder is used. */
    jwksUrl: z.optional(z.url()),
    /** AWS: the Cognito hosted UI (`https://<domain>.auth.<region>.amazoncognito.com`) for console sign-in. */
    hostedUiUrl: z.optional(z.url()),
    /** AWS: the app client the console signs in with (also the ID token's audience). */
    clientId: z.optional(z.string()),
  }),
  stateMachines: z.object({
    launch: z.optional(z.string()),
    review: z.optional(z.string()),
    sweep: z.optional(z.string()),
  }),
  /** Local mode only: where dynalite, evidence files, keys and the clock offset live. */
  dataDir: z.string(),
  /** Per-deployment policy overrides (deadlines, escalation, BAA); validated by each policy schema. */
  policy: z.record(z.string(), z.unknown()),
});
export type AppConfig = z.infer<typeof AppConfigSchema>;

/** Reads the config from the environment. Throws one message listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const mode = env.APP_MODE ?? 'aws';
  let policy: unknown = {};
  if (env.POLICY_JSON) {
    try {
      policy = JSON.parse(env.POLICY_JSON);
    } catch {
      throw new Error('POLICY_JSON is not valid JSON');
    }
  }
  const raw = {
    mode,
    region: env.AWS_REGION ?? (mode === 'local' ? 'us-east-1' : undefined),
    tableName: env.TABLE_NAME,
    bucketName: env.BUCKET_NAME,
    auditArchiveBucket: env.AUDIT_ARCHIVE_BUCKET || undefined,
    baseUrl: env.APP_BASE_URL,
    organisation: env.ORG_NAME ?? 'Our organisation',
    mail: {
      from: env.MAIL_FROM,
      configurationSet: env.MAIL_CONFIGURATION_SET || undefined,
      procurement: csv(env.MAIL_PROCUREMENT),
      compliance: csv(env.MAIL_COMPLIANCE),
      executive: csv(env.MAIL_EXECUTIVE),
      privacyOfficer: csv(env.MAIL_PRIVACY_OFFICER),
    },
    endpoints: {
      dynamodb: env.DYNAMODB_ENDPOINT || undefined,
      ses: env.SES_ENDPOINT || undefined,
      s3: env.S3_ENDPOINT || undefined,
    },
    auth: {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE || undefined,
      jwksUrl: env.AUTH_JWKS_URL || undefined,
      hostedUiUrl: env.AUTH_HOSTED_UI_URL || undefined,
      clientId: env.AUTH_CLIENT_ID || undefined,
    },
    stateMachines: {
      launch: env.LAUNCH_STATE_MACHINE_ARN || undefined,
      review: env.REVIEW_STATE_MACHINE_ARN || undefined,
      sweep: env.SWEEP_STATE_MACHINE_ARN || undefined,
    },
    dataDir: env.DATA_DIR ?? '.data',
    policy,
  };
  const parsed = AppConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration (see README "Configuration"):\n${lines.join('\n')}`);
  }
  return parsed.data;
}
