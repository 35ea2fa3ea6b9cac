/** The SES v2 client (aws-ses-v2-local locally). */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AppConfig } from '../../config.ts';
import { commonOptions } from './options.ts';

export function createSesClient(config: AppConfig): SESv2Client {
  return new SESv2Client({ ...commonOptions(config), endpoint: config.endpoints.ses });
}
