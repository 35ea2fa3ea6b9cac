/**
 * Prints the vendor's standing incident link at the foot of every email addressed to a vendor
 * (an email whose `vendorId` is set), so a vendor always has a way to report an incident to us.
 * A decorator, so no template has to remember it.
 */
import { escapeHtml } from '../html.ts';
import type { Mailer, OutgoingEmail } from '../ports/mailer.ts';

export const INCIDENT_FOOTER_TEXT =
  'To report a security incident, a suspected breach of our PHI or a contingency-plan activation, use your incident link';

export class IncidentFooterMailer implements Mailer {
  private readonly inner: Mailer;
  private readonly linkOf: (vendorId: string) => Promise<string>;

  constructor(inner: Mailer, linkOf: (vendorId: string) => Promise<string>) {
    this.inner = inner;
    this.linkOf = linkOf;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const { incidentUrl, ...rest } = email;
    if (!email.vendorId) return this.inner.send(rest);
    const url = incidentUrl ?? (await this.linkOf(email.vendorId));
    // An email that already leads with the incident link (the incident acknowledgement, a request
    // for information) needs no second copy of it at its foot.
    if (email.text.includes(url)) return this.inner.send(rest);
    const htmlLine = `<p style="font-size:12px;color:#666">${INCIDENT_FOOTER_TEXT}: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
    const html = email.html.includes('</body>')
      ? email.html.replace('</body>', `${htmlLine}\n</body>`)
      : `${email.html}\n${htmlLine}`;
    return this.inner.send({ ...rest, html, text: `${email.text}\n\n${INCIDENT_FOOTER_TEXT}: ${url}` });
  }
}
