/**
 * The shared stylesheet, kept as a string so it is bundled into the Lambda with the code that links
 * it (no static-file hosting to keep in step). Plain, high-contrast, responsive; focus is always
 * visible; `[hidden]` always wins so conditional questions stay hidden whatever their display.
 */
export const APP_CSS = `
:root {
  --ink: #1b1f24;
  --muted: #57606a;
  --line: #d0d7de;
  --bg: #f6f7f9;
  --card: #ffffff;
  --brand: #0b5394;
  --brand-dark: #083d6e;
  --brand-tint: #e8f0f8;
  --error: #b3261e;
  --error-tint: #fdecea;
  --success: #1a7f37;
  --success-tint: #e6f4ea;
  --warn: #9a6700;
  --warn-tint: #fff8c5;
  --focus: #ffbf47;
  --radius: 6px;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: var(--bg);
}
.container { width: 100%; max-width: 54rem; margin: 0 auto; padding: 0 1rem; }
main.container { padding-top: 1.5rem; padding-bottom: 3rem; }
main:focus { outline: none; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 .5rem; }
h1 { font-size: 1.75rem; }
h2 { font-size: 1.3rem; }
h3 { font-size: 1.1rem; }
p { margin: 0 0 .75rem; }
a { color: var(--brand); text-underline-offset: 2px; }
a:hover { color: var(--brand-dark); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
input:focus-visible, textarea:focus-visible, select:focus-visible { box-shadow: 0 0 0 2px var(--ink) inset; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: -999px; top: 0; background: var(--focus); color: var(--ink); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0; }

.site-header { background: var(--brand); color: #fff; border-bottom: 4px solid var(--brand-dark); }
.site-header__inner { display: flex; align-items: center; justify-content: space-between; gap: 1rem; min-height: 3.5rem; }
.site-header__org { margin: 0; font-weight: 700; font-size: 1.1rem; }
.site-header__section { font-weight: 400; opacity: .9; margin-left: .75rem; padding-left: .75rem; border-left: 1px solid rgba(255,255,255,.5); }
.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .9rem; padding: 1.25rem 0 2rem; }

.page-intro { margin-bottom: 1.5rem; }
.lead { font-size: 1.1rem; color: var(--muted); }
.meta { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; color: var(--muted); font-size: .95rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.meta strong { color: var(--ink); }

.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem; margin-bottom: 1.25rem; }
.progress-card { position: sticky; top: 0; z-index: 5; padding: .75rem 1.25rem; display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
.progress-card p { margin: 0; font-weight: 600; }
progress { flex: 1 1 12rem; height: .75rem; appearance: none; border: 0; border-radius: 999px; background: #e4e7eb; overflow: hidden; }
progress::-webkit-progress-bar { background: #e4e7eb; border-radius: 999px; }
progress::-webkit-progress-value { background: var(--brand); border-radius: 999px; }
progress::-moz-progress-bar { background: var(--brand); border-radius: 999px; }

.banner { border-radius: var(--radius); padding: 1rem 1.25rem; margin-bottom: 1.25rem; border-left: 6px solid; }
.banner p:last-child { margin-bottom: 0; }
.banner--success { background: var(--success-tint); border-color: var(--success); }
.banner--info { background: var(--brand-tint); border-color: var(--brand); }
.banner--warn { background: var(--warn-tint); border-color: var(--warn); }
.banner--error { background: var(--error-tint); border-color: var(--error); }

.error-summary { border: 4px solid var(--error); border-radius: var(--radius); background: var(--card); padding: 1rem 1.25rem; margin-bottom: 1.5rem; }
.error-summary h2 { color: var(--error); }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--error); font-weight: 600; }

fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.domain { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem 1.25rem .25rem; margin-bottom: 1.5rem; }
.domain > legend { float: left; width: 100%; padding: 0; margin-bottom: 1rem; }
.domain > legend h2 { margin: 0; padding-bottom: .5rem; border-bottom: 2px solid var(--brand-tint); }
.domain > legend + * { clear: both; }

.question { border-top: 1px solid var(--line); padding: 1rem 0 1.25rem; }
/* Jumps to a question (error summary, "Change" links) land below the sticky progress bar. */
.question, .finding, input, textarea { scroll-margin-top: 5.5rem; }
.domain > legend + .question { border-top: 0; padding-top: 0; }
/* A floated legend leaves the fieldset's border alone and flows like a normal block. */
.question > legend { float: left; width: 100%; padding: 0; margin-bottom: .5rem; font-weight: 400; }
.question > legend + * { clear: both; }
.q-title { display: block; font-weight: 700; font-size: 1.05rem; }
.q-text { display: block; margin-top: .15rem; }
.q-help { color: var(--muted); font-size: .93rem; margin-bottom: .6rem; }
.reuse { border-left: 4px solid var(--brand); background: var(--brand-tint); padding: .6rem .9rem; margin-bottom: .75rem; border-radius: var(--radius); }
.reuse--stale { border-left-color: var(--warn); background: var(--warn-tint); }
.reuse .choice { display: inline-flex; margin: .25rem 0; }
.q-optional { color: var(--muted); font-weight: 400; font-size: .9rem; margin-left: .35rem; }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; letter-spacing: .02em; text-transform: uppercase; padding: .1rem .45rem; border-radius: 3px; vertical-align: .1em; margin-left: .4rem; }
.badge--critical { background: var(--error); color: #fff; }
.badge--high { background: #d1242f; color: #fff; }
.autosave { color: #3d4852; font-size: 0.95rem; min-height: 1.5em; margin: 0.5rem 0; }
.badge--medium { background: #8a5d00; color: #fff; }
.badge--low { background: #57606a; color: #fff; }
.badge--status { background: var(--brand-tint); color: var(--brand-dark); }

.has-error { border-left: 4px solid var(--error); padding-left: 1rem; }
.field-error { color: var(--error); font-weight: 600; margin-bottom: .5rem; }

.choices { display: flex; flex-wrap: wrap; gap: .5rem; }
.choices--stacked { flex-direction: column; align-items: stretch; }
.choice { position: relative; display: flex; align-items: center; gap: .6rem; min-height: 2.75rem; padding: .45rem .9rem; border: 1px solid var(--line); border-radius: var(--radius); background: #fff; cursor: pointer; }
.choice:hover { border-color: var(--brand); }
.choice input { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: var(--brand); flex: none; cursor: pointer; }
.choice:has(input:checked) { border-color: var(--brand); background: var(--brand-tint); }
.choice:has(input:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; }
.choice input:focus-visible { box-shadow: none; outline: none; }

/* The vendor BAA page: a labelled status, a styled select and a list of what was sent. */
.status-pill { display: inline-block; font-weight: 700; padding: .15rem .6rem; border-radius: 999px; border: 2px solid; margin-right: .35rem; }
.status-pill--todo { color: #7a4a00; border-color: #7a4a00; background: #fff8e5; }
.status-pill--wait { color: var(--brand-dark); border-color: var(--brand-dark); background: var(--brand-tint); }
.status-pill--good { color: #116329; border-color: #116329; background: #eefbf1; }
.status-pill--bad { color: #8c1a10; border-color: #8c1a10; background: #fff0ee; }
.baa-status { line-height: 1.9; }
select.select { font: inherit; color: inherit; border: 2px solid #8c959f; border-radius: 4px; padding: .5rem .6rem; background: #fff; max-width: 100%; }
.sent-list { padding-left: 1.25rem; overflow-wrap: anywhere; }
.link-text { overflow-wrap: anywhere; word-break: break-all; }
.sent-list li { margin-bottom: .6rem; }
.button-row--start { margin-top: .5rem; }

input[type="text"], input[type="number"], input[type="date"], input[type="datetime-local"], input[type="email"], select, textarea {
  font: inherit; color: inherit; border: 2px solid #8c959f; border-radius: 4px; padding: .5rem .6rem; background: #fff; max-width: 100%;
}
input[type="number"] { width: 9rem; }
input[type="date"] { width: 12rem; }
textarea { width: 100%; min-height: 6rem; resize: vertical; }
.field > legend { font-weight: 600; }
[aria-invalid="true"] { border-color: var(--error); }
.hint { color: var(--muted); font-size: .9rem; margin: .35rem 0 0; }

.upload-scope { display: grid; gap: .75rem; }
.upload { display: grid; gap: .35rem; }
.upload label { font-weight: 600; }
.upload .hint { margin: 0; }
.upload input[type="file"] { font: inherit; max-width: 100%; }
.upload-status { color: var(--muted); font-size: .93rem; margin: 0; }
.upload-status:empty { display: none; }
.upload-error { color: var(--error); font-weight: 600; margin: 0; }
.file-list { list-style: none; margin: 0; padding: 0; display: grid; gap: .35rem; }
.file-list li { display: flex; align-items: center; justify-content: space-between; gap: .75rem; padding: .4rem .7rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); }
.file-size { color: var(--muted); font-size: .9rem; }
.nojs-note { color: var(--muted); font-size: .93rem; margin: 0; }

.button-row { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; margin-top: 1rem; }
.button {
  font: inherit; font-weight: 600; display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem;
  padding: .55rem 1.25rem; border-radius: var(--radius); border: 2px solid var(--brand); background: var(--brand); color: #fff;
  text-decoration: none; cursor: pointer;
}
.button:hover { background: var(--brand-dark); border-color: var(--brand-dark); color: #fff; }
.button--secondary { background: #fff; color: var(--brand); }
.button--secondary:hover { background: var(--brand-tint); color: var(--brand-dark); }
.button--link { background: none; border-color: transparent; color: var(--brand); text-decoration: underline; padding-left: .25rem; padding-right: .25rem; min-height: auto; }
.button--link:hover { background: none; color: var(--brand-dark); border-color: transparent; }
.button--small { min-height: 2rem; padding: .2rem .7rem; font-size: .9rem; }
.form-actions { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem; }
.form-actions p { color: var(--muted); margin: 0; }

.answers { margin: 0; }
.answers > div { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr) auto; gap: .25rem 1rem; padding: .75rem 0; border-top: 1px solid var(--line); }
.answers > div:first-child { border-top: 0; }
.answers dt { font-weight: 600; }
.answers dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.answers dd.change { white-space: normal; }
.answers ul { margin: 0; padding-left: 1.1rem; white-space: normal; }

.finding { border-left: 6px solid var(--line); }
.finding--critical { border-left-color: var(--error); }
.finding--high { border-left-color: #d1242f; }
.finding--medium { border-left-color: #bf8700; }
.finding--low { border-left-color: #57606a; }
.finding h3 { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem .5rem; }
.finding h3 .badge { margin-left: 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: .75rem 0; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
details.fix { margin-top: .75rem; border-top: 1px solid var(--line); padding-top: .75rem; }
details.fix > summary { cursor: pointer; font-weight: 600; color: var(--brand); }
details.fix[open] > summary { margin-bottom: .75rem; }
.field { margin-bottom: 1rem; }
.field > label { display: block; font-weight: 600; margin-bottom: .25rem; }

@media (max-width: 40rem) {
  h1 { font-size: 1.45rem; }
  .site-header__inner { padding-top: .5rem; padding-bottom: .5rem; }
  .site-header__section { display: block; margin-left: 0; padding-left: 0; border-left: 0; font-size: .95rem; }
  .card, .domain, .form-actions { padding-left: .9rem; padding-right: .9rem; border-radius: 0; margin-left: -1rem; margin-right: -1rem; }
  .card:not(.finding), .domain, .form-actions { border-left: 0; border-right: 0; }
  .answers > div { grid-template-columns: 1fr; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: .35rem; }
  .choices { flex-direction: column; align-items: stretch; }
  .button-row .button { flex: 1 1 100%; }
}
/* Clarification threads (portal): the conversation on one answer. */
.thread { list-style: none; margin: 0 0 1rem; padding: 0; }
.thread > li { border-left: 3px solid var(--line); padding: .1rem 0 .1rem .8rem; margin-bottom: .6rem; }
.thread > li p { margin: .15rem 0; overflow-wrap: anywhere; white-space: pre-wrap; }
select.answer-select { font: inherit; min-height: 2.75rem; min-width: 16rem; max-width: 100%; padding: .4rem .6rem; border: 1px solid var(--muted); border-radius: var(--radius); background: #fff; }

@media print {
  .site-header, .progress-card, .button-row, .skip-link { display: none !important; }
  body { background: #fff; }
}
`;
