/** The Step Functions client (the API starts the launch and review workflows). */
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AppConfig } from '../../config.ts';
import { commonOptions } from './options.ts';

export function createSfnClient(config: AppConfig): SFNClient {
  return new SFNClient(commonOptions(config));
}
