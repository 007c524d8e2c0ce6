import { FORMS } from '../checklist/decision-forms.ts';

/**
 * Once a choice is ticked, the fields that apply only to other choices are hidden (CSS `:has`, no
 * script): a browser without it, or a person without CSS, sees every field, each hint saying when it
 * is needed, and validation ignores the ones that do not apply.
 */
const CHOICE_VALUES = [
  ...new Set(Object.values(FORMS).flatMap((form) => (form.choices ?? []).map((choice) => choice.value))),
];
const CHOICE_CSS = [
  'form:has(input[name=decision]:checked) .for-choice { display: none; }',
  ...CHOICE_VALUES.map(
    (value) =>
      `form:has(input[name=decision][value=${value}]:checked) .for-choice.for-${value} { display: block; }`,
  ),
].join('\n');

/**
 * The one stylesheet of every page, inlined in a <style> element. Exported so the HTTP layer can
 * send a Content-Security-Policy hash of exactly this text. It contains no character that HTML
 * escaping would change (no quotes, no angle brackets, no ampersands), so the text in the page
 * is byte-for-byte this string and the hash matches. Colours meet WCAG AA contrast on white.
 */
export const PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; }
body { margin: 0; font-family: system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif; font-size: 1.0625rem; line-height: 1.5; color: #1a1a1a; background: #f3f4f6; }
a { color: #0b4f9c; text-decoration-thickness: 1px; text-underline-offset: 0.15em; }
a:hover { color: #06315f; text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
a:focus-visible { background: #ffdd00; color: #1a1a1a; text-decoration: none; }
.skip-link { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: #ffdd00; color: #1a1a1a; }
.skip-link:focus { left: 0; }
.site-header { background: #0b2e59; color: #ffffff; padding: 0.75rem 1rem; }
.site-header p { max-width: 42rem; margin: 0 auto; font-weight: 700; }
main { display: block; max-width: 42rem; margin: 1.5rem auto; padding: 1.5rem; background: #ffffff; border-radius: 4px; }
.site-footer { max-width: 42rem; margin: 0 auto 2rem; padding: 0 1.5rem; color: #3d4551; font-size: 0.9375rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 1.5rem 0 0.5rem; }
p { margin: 0 0 1rem; }
.caption { margin: 0 0 0.25rem; color: #3d4551; font-size: 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1.5rem; padding: 1rem; background: #f3f4f6; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.feedback { margin: 0 0 1.5rem; padding: 0.5rem 1rem; border-left: 4px solid #71767a; background: #f3f4f6; white-space: pre-wrap; overflow-wrap: anywhere; }
.field { margin: 0 0 1.5rem; }
.field-error { padding-left: 0.75rem; border-left: 4px solid #b3261e; }
label, legend { display: block; font-weight: 700; margin: 0 0 0.25rem; }
fieldset { margin: 0 0 1.5rem; padding: 0; border: 0; min-width: 0; }
legend { padding: 0; font-size: 1.125rem; }
.hint { margin: 0 0 0.5rem; color: #3d4551; }
.error-message { margin: 0 0 0.5rem; color: #b3261e; font-weight: 700; }
input[type=text], textarea, select { display: block; width: 100%; max-width: 100%; padding: 0.5rem; font: inherit; color: inherit; background: #ffffff; border: 2px solid #1a1a1a; border-radius: 0; }
.field-error input[type=text], .field-error textarea, .field-error select { border-color: #b3261e; }
textarea { min-height: 6rem; resize: vertical; }
input.short, select.short { max-width: 12rem; }
/* On a phone the agreement reads in the flow of the page, with no box scrolling inside it; a wide screen gets a tall box. */
.agreement-text { margin: 0 0 1.5rem; padding: 1rem; border: 1px solid #71767a; background: #f9fafb; overflow-wrap: anywhere; }
@media (min-width: 48rem) { .agreement-text { max-height: 32rem; overflow-y: auto; } }
.agreement-text p:last-child { margin-bottom: 0; }
.choice { display: flex; align-items: flex-start; gap: 0.75rem; margin: 0 0 0.75rem; }
.choice input { flex: none; width: 1.5rem; height: 1.5rem; margin: 0.125rem 0 0; accent-color: #0b5cad; }
.choice label { margin: 0; font-weight: 400; }
.choice .hint { margin: 0; }
.button { display: inline-block; padding: 0.625rem 1.25rem; font: inherit; font-weight: 700; color: #ffffff; background: #0b5cad; border: 2px solid #0b5cad; border-radius: 4px; cursor: pointer; }
.button:hover { background: #084a8c; border-color: #084a8c; }
.error-summary { margin: 0 0 1.5rem; padding: 1rem; border: 4px solid #b3261e; }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: #b3261e; font-weight: 700; }
.notice { margin-top: 2rem; color: #3d4551; font-size: 0.9375rem; }
pre, code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9375rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: 0.75rem; background: #f3f4f6; }
code { overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.button-secondary { color: #0b5cad; background: #ffffff; }
.button-secondary:hover { color: #ffffff; }
.inline-form { margin: 0.5rem 0 0; }
.tag { display: inline-block; padding: 0.125rem 0.5rem; border: 1px solid currentColor; border-radius: 999px; font-size: 0.875rem; font-weight: 700; white-space: nowrap; }
.tag-done { color: #14532d; background: #dcfce7; }
.tag-you { color: #7a2e00; background: #ffedd5; }
.tag-them { color: #0b3f7a; background: #dbeafe; }
.tag-none { color: #3d4551; background: #f3f4f6; }
.tag-back { color: #8a1c15; background: #fde8e6; }
.progress-summary { margin: 0 0 1.5rem; }
.progress-summary label { font-weight: 400; }
progress { display: block; width: 100%; height: 0.75rem; accent-color: #0b5cad; }
.next-step { margin: 0 0 1.5rem; padding: 1rem; border-left: 6px solid #0b5cad; background: #eef4fb; }
.next-step h2 { margin-top: 0; }
.checklist { list-style: none; margin: 0 0 1.5rem; padding: 0; }
.step { margin: 0 0 1rem; padding: 1rem; border: 1px solid #c6cace; border-radius: 4px; }
.step-waiting-on-you { border: 2px solid #7a2e00; }
.step-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem; margin: 0 0 0.5rem; }
h3 { font-size: 1.125rem; line-height: 1.3; margin: 0; }
.step-folded { padding: 0.5rem 1rem; }
.step-folded summary { cursor: pointer; }
.step-folded summary h3 { display: inline; margin: 0; font-size: 1rem; }
.step-folded summary .step-number { display: inline; margin-right: 0.25rem; }
.step-folded details[open] summary { margin-bottom: 0.5rem; }
.estimate { margin: 0.5rem 0 0; }
.live { margin: 0 0 1.5rem; padding: 1rem; border-left: 6px solid #1e6b34; background: #eef7f0; }
.live h2 { margin-top: 0; }
.step-number { display: block; color: #3d4551; font-size: 0.9375rem; font-weight: 400; }
.facts.compact { margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; font-size: 0.9375rem; }
.reason { white-space: pre-wrap; }
.reason-inline { display: block; margin-top: 0.25rem; font-size: 0.875rem; overflow-wrap: anywhere; }
.links { margin: 0 0 0.5rem; padding-left: 1.25rem; }
.product { margin: 0 0 1.5rem; }
.product h3 { margin-bottom: 0.25rem; }
.product label { font-weight: 400; }
.steps { width: 100%; margin: 0.75rem 0 0; border-collapse: collapse; font-size: 0.9375rem; }
.steps th, .steps td { padding: 0.5rem; border-bottom: 1px solid #c6cace; text-align: left; vertical-align: top; }
.steps thead th { border-bottom: 2px solid #1a1a1a; }
.steps td.date { white-space: nowrap; }
.more-steps li { margin: 0 0 0.75rem; }
h3 + .more-steps, .next-step h3 { margin-top: 1rem; }
.queue { list-style: none; margin: 0; padding: 0; }
.queue-item { margin: 0 0 1rem; padding: 1rem; border: 1px solid #c6cace; border-radius: 4px; }
.queue-item h2, .queue-item h3 { margin-top: 0; }
.pager { display: flex; flex-wrap: wrap; gap: 1rem; }
.claim { margin: 0.75rem 0 0; padding: 0.75rem 0 0; border-top: 1px solid #c6cace; }
.conversation { margin: 1.5rem 0; }
.thread { list-style: none; margin: 0 0 1rem; padding: 0; }
.thread-entry { margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; border-left: 4px solid #71767a; background: #f3f4f6; }
.thread-meta { margin: 0 0 0.25rem; font-size: 0.9375rem; color: #3d4551; overflow-wrap: anywhere; }
.thread-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.status-note { margin: 0 0 0.75rem; color: #7a2e00; }
@media (max-width: 40rem) {
  main { margin: 0; padding: 1rem; border-radius: 0; }
  .steps thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .steps tr { display: block; padding: 0.5rem 0; border-bottom: 1px solid #c6cace; }
  .steps th, .steps td { display: block; padding: 0.125rem 0; border: 0; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 0.5rem; }
}
${CHOICE_CSS}
`;
