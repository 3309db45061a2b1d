import { Logger } from '@aws-lambda-powertools/logger';

/** The structured logger of every handler (JSON lines in CloudWatch; level from POWERTOOLS_LOG_LEVEL). */
export const logger = new Logger({
  serviceName: 'clumio-bulk-restore',
  persistentKeys: { codeVersion: process.env.CODE_VERSION ?? 'unknown' },
});
