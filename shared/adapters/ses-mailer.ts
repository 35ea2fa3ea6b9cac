/** The one mailer: SES v2 SendEmail with HTML and text parts. Logs never include bodies or addresses. */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { TransientError } from '../errors.ts';
import type { Mailer, OutgoingEmail } from '../ports/mailer.ts';

export class SesMailer implements Mailer {
  private readonly ses: SESv2Client;
  private readonly from: string;
  private readonly configurationSet: string | undefined;

  constructor(ses: SESv2Client, from: string, configurationSet?: string) {
    this.ses = ses;
    this.from = from;
    this.configurationSet = configurationSet;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    try {
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: email.to, CcAddresses: email.cc?.length ? email.cc : undefined },
          ReplyToAddresses: email.replyTo?.length ? email.replyTo : undefined,
          ConfigurationSetName: this.configurationSet,
          EmailTags: [{ Name: 'kind', Value: email.kind.replace(/[^A-Za-z0-9_-]/g, '_') }],
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: email.html, Charset: 'UTF-8' },
                Text: { Data: email.text, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? 'unknown' };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (
        status >= 500 ||
        status === 429 ||
        (error instanceof Error && /Throttl|ECONN/.test(error.name + error.message))
      ) {
        throw new TransientError(`SES is unavailable: ${(error as Error).name}`, { cause: error });
      }
      throw error;
    }
  }
}
