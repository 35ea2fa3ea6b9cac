/**
 * The staff console's stylesheet, loaded after app.css on console pages only: a wider grid, the
 * header navigation, the pipeline board, tables, tags, the BAA clause rows and the audit timeline.
 * Same palette and focus style as the portal; no JavaScript needed for anything it styles.
 */
export const CONSOLE_CSS = `
.container { max-width: 84rem; }
.console { --panel: #eef1f4; --ok: #1a7f37; --bad: #b3261e; }
main.container { padding-top: 1.25rem; }

/* Header: organisation, navigation, signed-in user. */
.site-header__inner { flex-wrap: wrap; gap: .5rem 1.5rem; }
.site-header__org { flex: none; }
.console-nav { flex: 1 1 auto; }
.console-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0; }
.console-nav a { display: block; color: #fff; text-decoration: none; font-weight: 600; padding: .4rem .75rem; border-radius: var(--radius); }
.console-nav a:hover { background: rgba(255,255,255,.14); color: #fff; }
.console-nav a[aria-current="page"] { background: rgba(255,255,255,.2); box-shadow: inset 0 -3px 0 #fff; }
.console-user { display: flex; align-items: center; gap: .75rem; font-size: .9rem; }
.console-user form { margin: 0; }
.console-user__who { opacity: .95; }
.console-user__role { display: inline-block; margin-left: .35rem; padding: .05rem .5rem; border-radius: 999px; background: rgba(255,255,255,.2); font-weight: 600; font-size: .8rem; }
.button--header { min-height: 2rem; padding: .2rem .8rem; font-size: .9rem; background: transparent; border-color: rgba(255,255,255,.7); }
.button--header:hover { background: #fff; color: var(--brand-dark); border-color: #fff; }

/* Page furniture. */
.page-intro--row, .vendor-head { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: .75rem 1.5rem; }
.page-intro h1, .vendor-head h1 { margin-bottom: .25rem; }
.page-intro .lead { margin: 0; font-size: 1rem; }
.eyebrow { margin: 0 0 .25rem; color: var(--muted); font-size: .85rem; font-weight: 600; letter-spacing: .02em; }
.eyebrow a { color: var(--muted); }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
p.card.empty { font-style: normal; }
.optional { color: var(--muted); font-weight: 400; font-size: .9rem; }
.section { margin: 1.75rem 0 1.25rem; }
.section__head { margin-bottom: .75rem; }
.section__head h2 { margin-bottom: .15rem; }
.section__head p { margin: 0; }
.section__head--row { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; padding-bottom: .4rem; border-bottom: 2px solid var(--brand-tint); margin-bottom: .9rem; }
.card .section__head--row h2 { border: 0; padding: 0; margin: 0; }
.card h2 { padding-bottom: .4rem; border-bottom: 2px solid var(--brand-tint); margin-bottom: .9rem; }
.card h3 { margin-top: 1rem; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1.25rem; }
.grid-2 > .card { margin-bottom: 0; }
.grid-2 + * { margin-top: 1.25rem; }
.reasons { margin: 0; padding-left: 1.2rem; }
.reasons li { margin-bottom: .2rem; }
.tight { margin: 0; padding-left: 1.1rem; }
.facts--inline { grid-template-columns: repeat(auto-fill, minmax(7rem, max-content) minmax(8rem, 1fr)); }
code, .hash { font: .82rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.hash { word-break: break-all; color: var(--muted); }
.problem { border-left: 6px solid var(--error); }

/* Tags. */
.tag { display: inline-block; white-space: nowrap; font-size: .78rem; font-weight: 700; line-height: 1.5; padding: .05rem .55rem; border-radius: 999px; border: 1px solid transparent; vertical-align: .08em; background: #eaeef2; color: #32383f; }
.tag--good { background: var(--success-tint); color: #116329; border-color: #aceebb; }
.tag--warn { background: var(--warn-tint); color: #7d4e00; border-color: #eac54f; }
.tag--bad { background: var(--error-tint); color: var(--error); border-color: #ffb3ad; }
.tag--tier-low { background: #eaeef2; color: #32383f; }
.tag--tier-moderate { background: #fff1c2; color: #6b4a00; }
.tag--tier-high { background: #ffe2cc; color: #8a3500; }
.tag--tier-critical { background: var(--error); color: #fff; }
.tag--sev-critical { background: var(--error); color: #fff; }
.tag--sev-high { background: #d1242f; color: #fff; }
.tag--sev-medium { background: #8a5d00; color: #fff; }
.tag--sev-low { background: #57606a; color: #fff; }
.tag--baa-signed { background: var(--success-tint); color: #116329; border-color: #aceebb; }
.tag--baa-expiring, .tag--baa-changes_requested { background: var(--warn-tint); color: #7d4e00; border-color: #eac54f; }
.tag--baa-expired, .tag--baa-terminated { background: var(--error-tint); color: var(--error); border-color: #ffb3ad; }
.tag--baa-under_review, .tag--baa-sent, .tag--baa-required { background: var(--brand-tint); color: var(--brand-dark); border-color: #b6cde5; }
.tag--baa-not_required { background: #f3f4f6; color: var(--muted); border-color: var(--line); }

/* The pipeline board: five columns, scrolling sideways on narrow screens. */
.board { display: grid; grid-template-columns: repeat(5, minmax(14rem, 1fr)); gap: 1rem; overflow-x: auto; padding-bottom: .5rem; align-items: start; }
.board__column { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .75rem; min-height: 10rem; }
.board__title { display: flex; align-items: center; justify-content: space-between; font-size: .95rem; text-transform: uppercase; letter-spacing: .04em; color: #32383f; margin: 0 0 .75rem; }
.board__count { font-size: .8rem; background: #fff; border: 1px solid var(--line); border-radius: 999px; padding: 0 .55rem; color: var(--muted); }
.board__cards { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
.board__empty { color: var(--muted); font-size: .9rem; margin: 0; }
.board__more { display: block; margin-top: .75rem; font-weight: 600; font-size: .9rem; }
.vendor-card { background: #fff; border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .7rem; box-shadow: 0 1px 2px rgba(27,31,36,.06); }
.vendor-card:hover { border-color: var(--brand); }
.vendor-card__name { display: block; font-weight: 700; text-decoration: none; margin-bottom: .3rem; overflow-wrap: anywhere; }
.vendor-card__name:hover { text-decoration: underline; }
.vendor-card__tags { display: flex; flex-wrap: wrap; gap: .3rem; margin: 0; }
.vendor-card__tags + .vendor-card__tags { margin-top: .3rem; }

/* Tables. */
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: 1rem; }
.card .table-wrap { border-radius: 4px; }
/* A long unbroken word in a card (a file name, an API path) wraps instead of widening the page. */
.card p, .card li { overflow-wrap: break-word; }
.data-table { width: 100%; border-collapse: collapse; font-size: .95rem; }
.data-table caption { text-align: left; font-weight: 700; padding: .6rem .8rem; border-bottom: 1px solid var(--line); }
.data-table th, .data-table td { text-align: left; vertical-align: top; padding: .6rem .8rem; border-top: 1px solid var(--line); }
.data-table thead th { background: #f3f5f7; border-top: 0; font-size: .82rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); white-space: nowrap; }
.data-table tbody th { font-weight: 600; }
.data-table tbody tr:hover { background: #f8fafc; }
.data-table--compact th, .data-table--compact td { padding: .45rem .65rem; }
.data-table .num { text-align: right; }
.cell-sub { display: block; font-weight: 400; font-size: .85rem; color: var(--muted); margin-top: .1rem; }
.count { display: inline-block; font-size: .85rem; margin-right: .35rem; }
.gate--ok { color: var(--ok); font-weight: 600; }
.gate--fail { color: var(--bad); }
.gate--fail .cell-sub { color: var(--ink); }

/* Filters and paging. */
.filters { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; margin-bottom: 1rem; }
.filters .field { margin: 0; }
.filters label { display: block; font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
.filters .field--check label { margin: 0; }
.pager { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .75rem; margin: .5rem 0 1.5rem; }
.pager__count { margin: 0; color: var(--muted); font-size: .9rem; }
.pager__links { display: flex; gap: .5rem; }

/* Forms. */
select, input[type="email"] {
  font: inherit; color: inherit; border: 2px solid #8c959f; border-radius: 4px; padding: .45rem .6rem; background: #fff; max-width: 100%;
}
input[type="email"], .field input[type="text"] { width: 100%; }
select { min-width: 12rem; }
.form-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1.25rem; }
.form-grid--2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.form-grid > .field { display: flex; flex-direction: column; }
.form-grid > .field > input, .form-grid > .field > select, .form-grid > .field > textarea { margin-top: auto; }
.form-grid > fieldset.field > .choices { margin-top: auto; }
.field > legend { font-weight: 600; margin-bottom: .25rem; padding: 0; }
.field .field-error { margin-top: .25rem; }
.subform { border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem .25rem; margin: 0 0 1rem; }
.subform > legend { font-weight: 700; padding: 0 .35rem; }
.field > label.choice, .choice--inline { display: inline-flex; min-height: 2.5rem; margin: 0; font-weight: 600; }
.choice--block { align-items: flex-start; }
.choice--block input { margin-top: .2rem; }
.choice--block label { font-weight: 700; cursor: pointer; }
.choice--block label::after { content: ""; position: absolute; inset: 0; }
.choices--compact { gap: .35rem; }
.choices--compact .choice { min-height: 2.25rem; padding: .25rem .65rem; font-size: .92rem; }
.form-error { border-left: 4px solid var(--error); background: var(--error-tint); padding: .6rem .9rem; border-radius: 4px; margin-bottom: .9rem; }
.form-error p { margin: 0; }
.form-error ul { margin: .35rem 0 0; padding-left: 1.2rem; }

/* Actions on a finding or BAA: disclosure boxes that work without JavaScript. */
.actions { display: grid; gap: .5rem; margin-top: .75rem; }
details.action { border: 1px solid var(--line); border-radius: var(--radius); background: #fbfcfd; }
details.action > summary { cursor: pointer; font-weight: 600; color: var(--brand); padding: .55rem .9rem; list-style-position: inside; }
details.action > summary:hover { background: var(--brand-tint); }
details.action[open] > summary { border-bottom: 1px solid var(--line); }
details.action > form, details.action > .form-error { margin: .9rem; }
details.action--wide { margin-top: 1rem; }
details.history { margin-top: .5rem; font-size: .9rem; }
details.history > summary { cursor: pointer; color: var(--muted); font-weight: 600; }
details.history ol { margin: .5rem 0 0; padding-left: 1.3rem; color: var(--muted); }
.finding h3 { margin-top: 0; }
.finding .facts { grid-template-columns: 9rem 1fr; }
.due { font-weight: 600; }
.toc { margin: .75rem 0 1.25rem; }
.toc ul { list-style: none; display: flex; flex-wrap: wrap; gap: .4rem; margin: 0; padding: 0; }
.toc a { display: inline-block; padding: .25rem .75rem; border: 1px solid var(--line); border-radius: 999px; background: #fff; text-decoration: none; font-size: .9rem; font-weight: 600; }
.toc a:hover { border-color: var(--brand); }
.vendor-head { margin-bottom: .25rem; }
.vendor-head__tags { display: flex; flex-wrap: wrap; gap: .35rem; margin: .35rem 0 0; }
.vendor-head__actions { display: flex; flex-wrap: wrap; gap: .5rem; }
.vendor-head__actions form { margin: 0; }

/* BAA. */
.baa h3 { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: 0; }
.review-summary { border-top: 1px solid var(--line); padding-top: .75rem; margin-top: .5rem; }
.review-summary h4 { margin: 0 0 .4rem; font-size: 1rem; }
.blockers { color: var(--bad); margin: .25rem 0 .5rem; padding-left: 1.2rem; }
.clause-notes { margin: .25rem 0 0; padding-left: 1.2rem; font-size: .93rem; }
.clause-list { border: 1px solid var(--line); border-radius: var(--radius); margin: .5rem 0 1rem; background: #fff; }
.clause-row { display: grid; grid-template-columns: minmax(14rem, 1fr) 2fr; gap: .5rem 1rem; align-items: center; padding: .5rem .8rem; border-top: 1px solid var(--line); }
.clause-row:first-child { border-top: 0; }
.clause-row:nth-child(even) { background: #f8fafc; }
.clause-row > legend { float: left; width: 100%; padding: 0; }
.clause-row__title { display: block; font-weight: 600; }
.clause-row__cite { display: block; font-size: .82rem; color: var(--muted); }
.clause-row__body { display: flex; flex-wrap: wrap; gap: .4rem .75rem; align-items: center; }
.clause-row__inputs { display: flex; flex: 1 1 16rem; gap: .4rem; }
.clause-row__inputs input[type="text"] { flex: 2 1 0; min-width: 0; width: 0; padding: .3rem .5rem; font-size: .92rem; }
.clause-row__inputs input.input--short { flex: 1 1 0; }
.override { border-left: 4px solid var(--warn); padding-left: .9rem; }
.decision-form { border-top: 1px solid var(--line); padding-top: 1rem; margin-top: .5rem; }

/* The audit timeline. */
.timeline { list-style: none; margin: 0; padding: 0 0 0 1.1rem; border-left: 2px solid var(--line); }
.timeline__item { position: relative; padding: 0 0 .9rem .6rem; }
.timeline__item::before { content: ""; position: absolute; left: -1.64rem; top: .45rem; width: .7rem; height: .7rem; border-radius: 50%; background: var(--brand); border: 2px solid #fff; box-shadow: 0 0 0 1px var(--brand); }
.timeline__meta { margin: 0; font-size: .85rem; color: var(--muted); }
.timeline__actor { color: var(--ink); font-weight: 600; }
.timeline__summary { margin: .1rem 0 0; overflow-wrap: anywhere; }

/* Sign-in. */
.login { max-width: 34rem; margin: 1.5rem auto; }
.login select, .login input[type="email"] { width: 100%; }

/* The reviewer's desk (assessment page). */
.filters--tabs ul { display: flex; flex-wrap: wrap; gap: .4rem; list-style: none; margin: 0 0 1rem; padding: 0; }
.filters--tabs a { display: inline-block; padding: .3rem .75rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
.filters--tabs a[aria-current="page"] { background: var(--brand); border-color: var(--brand); color: #fff; }
.qa-list { list-style: none; margin: 0; padding: 0; }
.qa { border-top: 1px solid var(--line); padding: .9rem 0; }
.qa:first-child { border-top: 0; }
.qa--gap { border-left: 4px solid var(--warn); padding-left: .8rem; }
.qa--partial { border-left: 4px solid var(--line); padding-left: .8rem; }
.qa__title { font-size: 1.02rem; margin: 0 0 .25rem; }
.qa__text { margin: 0 0 .5rem; color: var(--muted); }
.file-links { margin: 0; padding-left: 1.1rem; }
.thread { margin: .6rem 0; padding: .6rem .8rem; border: 1px solid var(--line); border-radius: 6px; }
.thread h4 { margin: 0 0 .4rem; font-size: .95rem; }
.thread__messages { list-style: none; margin: 0; padding: 0; }
.thread__message { padding: .35rem 0; border-top: 1px dashed var(--line); }
.thread__message:first-child { border-top: 0; }
.thread__meta { margin: 0; font-size: .85rem; color: var(--muted); }
.thread__text { margin: .15rem 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.clarify-bar { position: sticky; bottom: 0; z-index: 1; box-shadow: 0 -2px 8px rgba(0,0,0,.08); }

@media (max-width: 48rem) {
  .form-grid--2 { grid-template-columns: 1fr; }
  .clause-row { grid-template-columns: 1fr; }
  .board { grid-template-columns: repeat(5, minmax(15rem, 80vw)); }
  .console-user__who { display: none; }
}
@media print {
  .console-nav, .console-user, .actions, .filters, .pager, details.action, .toc, .decision-form { display: none !important; }
}
`;
