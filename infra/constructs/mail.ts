/**
 * Mail: the SES identity emails are sent from and a configuration set (TLS required, reputation
 * metrics). With `existing`, the domain's identity was verified outside this stack (another stack,
 * the console): it is referenced, not created, and keeps its DKIM setup.
 */
import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  /** Domain to verify in SES, e.g. `example-hospital.org`; emails go out as `mailFrom`. */
  domain: string;
  mailFrom: string;
  /** The SES identity for `domain` exists already: reuse it instead of creating it. */
  existing?: boolean;
}

export class Mail extends Construct {
  /** Present when this stack created the identity (its DKIM records are outputs). */
  readonly identity: ses.EmailIdentity | undefined;
  readonly identityArn: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly from: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.from = props.mailFrom;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    if (props.existing) {
      // Every send names the configuration set itself (MAIL_CONFIGURATION_SET), so an identity
      // made elsewhere needs no association with it.
      this.identity = undefined;
      this.identityArn = Stack.of(this).formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: props.domain,
      });
    } else {
      this.identity = new ses.EmailIdentity(this, 'Identity', {
        identity: ses.Identity.domain(props.domain),
        configurationSet: this.configurationSet,
      });
      this.identityArn = this.identity.emailIdentityArn;
    }
  }
}
