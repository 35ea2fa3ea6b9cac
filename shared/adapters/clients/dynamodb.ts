/** The DynamoDB document client (dynalite locally). Retries up to 5 attempts (throttling, 5xx). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppConfig } from '../../config.ts';
import { commonOptions } from './options.ts';

export function createDynamoClient(config: AppConfig): DynamoDBDocumentClient {
  const ddb = new DynamoDBClient({
    ...commonOptions(config),
    endpoint: config.endpoints.dynamodb,
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
}
