/** Sends one rendered email. Implemented with the SES v2 SDK (real SES or aws-ses-v2-local). */
export interface OutgoingEmail {
  to: string[];
  cc?: string[];
  /** Where replies go: the team responsible for the matter (never the no-reply sending address). */
  replyTo?: string[];
  subject: string;
  html: string;
  text: string;
  /** Message kind (template name), for metrics and the audit trail; never the body. */
  kind: string;
  /** Set on emails to a vendor: the footer then carries the vendor's standing incident link. */
  vendorId?: string;
  /** The vendor's incident link when the sender already holds it (saves the footer a read). */
  incidentUrl?: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
