/**
 * Signing in to the console. Locally a form issues a token for any email and role (like
 * `POST /local/token`); deployed, staff sign in with their Cognito user (MFA), which sets the same
 * `session` cookie.
 */
import { html } from '../../../html.ts';
import type { Role } from '../../../schemas/core.ts';
import { consolePage, errorSummary, type Notice, noticeBanner, ROLE_LABELS } from './components.ts';

export interface LoginModel {
  organisation: string;
  mode: 'local' | 'aws';
  /** The double-submit token of the local form. */
  csrf: string;
  next: string;
  email?: string;
  role?: Role;
  errors?: { field: 'email' | 'role'; message: string }[];
  notice?: Notice;
}

const ROLES: readonly Role[] = ['procurement', 'compliance', 'admin'];
const ROLE_HINTS: Record<Role, string> = {
  procurement: 'registers vendors, launches assessments, decides',
  compliance: 'reviews BAAs, extends, accepts and verifies findings',
  admin: 'everything',
};

export function loginPage(model: LoginModel): string {
  const errors = model.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const emailError = errorFor('email');
  const roleError = errorFor('role');
  const body =
    model.mode === 'local'
      ? html`<div class="login">
<div class="page-intro">
<h1>Sign in to the vendor risk console</h1>
<p class="lead">Local mode: choose who you are for this session. Deployed, staff sign in with their organisation account.</p>
</div>
${noticeBanner(model.notice)}
${errorSummary(errors.map((e) => ({ field: e.field, message: e.message })))}
<form method="post" action="/console/login" class="card" novalidate>
<input type="hidden" name="_csrf" value="${model.csrf}">
<input type="hidden" name="next" value="${model.next}">
<div class="field${emailError ? ' has-error' : ''}">
<label for="email">Work email</label>
${emailError ? html`<p class="field-error" id="email-error">${emailError}</p>` : ''}
<input type="email" id="email" name="email" autocomplete="username" required value="${model.email ?? ''}"${emailError ? html` aria-invalid="true" aria-describedby="email-error"` : ''}>
</div>
<div class="field${roleError ? ' has-error' : ''}">
<label for="role">Role</label>
${roleError ? html`<p class="field-error" id="role-error">${roleError}</p>` : ''}
<select id="role" name="role"${roleError ? html` aria-invalid="true" aria-describedby="role-error"` : ''}>
${ROLES.map((r) => html`<option value="${r}"${model.role === r ? html` selected` : ''}>${ROLE_LABELS[r]} — ${ROLE_HINTS[r]}</option>`)}
</select>
</div>
<div class="button-row"><button type="submit" class="button">Sign in</button></div>
</form>
<p class="hint">Vendors do not sign in here: the vendor portal opens from the private link in the email we sent to your contact (questionnaire, findings, Business Associate Agreement). Lost it? Ask the person who invited you to send a new link.</p>
</div>`
      : html`<div class="login">
<div class="page-intro">
<h1>Sign in to the vendor risk console</h1>
</div>
${noticeBanner(model.notice)}
<div class="card">
<p>Sign in with your ${model.organisation} account (Amazon Cognito, with multi-factor authentication). Your access follows your group: procurement, compliance or admin.</p>
<p><a class="button" href="/console/sso?next=${encodeURIComponent(model.next)}">Sign in with your organisation account</a></p>
<p class="hint">No account or no group yet? Ask your administrator to add you to the right group in the Cognito user pool.</p>
</div>
<p class="hint">Vendors do not sign in here: the vendor portal opens from the private link in the email we sent to your contact (questionnaire, findings, Business Associate Agreement). Lost it? Ask the person who invited you to send a new link.</p>
</div>`;
  return consolePage({ title: 'Sign in', organisation: model.organisation, body });
}
