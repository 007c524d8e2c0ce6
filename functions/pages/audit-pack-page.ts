import type { AuditPack } from '../domain/audit-pack.ts';
import { formatDateTime } from './format.ts';
import { html, type SafeHtml } from './html.ts';

/** Plain, print-first styles: A4 pages, tables that break between rows, no colour needed. */
const AUDIT_CSS = `
@page { size: A4; margin: 15mm; }
body { font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #0b0c0c; margin: 1.5rem; }
h1 { font-size: 18pt; margin: 0 0 .25rem; }
h2 { font-size: 13pt; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #b1b4b6; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid #d8dadc; overflow-wrap: anywhere; }
th { font-weight: 600; }
tr { break-inside: avoid; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.meta { color: #505a5f; }
@media print { body { margin: 0; } }
`;

/** The audit pack as one printable page (`npm run onboarding -- audit ID --format html`). */
export function renderAuditPackPage(pack: AuditPack, options: { styleNonce?: string } = {}): string {
  const o = pack.onboarding;
  const none = (text: string) => html`<p>${text}</p>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Audit pack — ${o.company} (${o.id})</title>
<style${options.styleNonce ? html` nonce="${options.styleNonce}"` : ''}>${AUDIT_CSS}</style>
</head>
<body>
<main>
<h1>Audit pack: ${o.company}</h1>
<p class="meta">Onboarding ${o.id} · generated ${formatDateTime(pack.generatedAt)}</p>
<h2>Onboarding</h2>
<dl>
<dt>Status</dt><dd>${o.status} (${o.stage})</dd>
<dt>Provider contact</dt><dd>${o.contactName} &lt;${o.contactEmail}&gt;</dd>
<dt>Rep</dt><dd>${o.repEmail}</dd>
<dt>Cloud account alias</dt><dd>${o.alias ?? 'not given yet'}</dd>
<dt>Products</dt><dd>${o.products.map((p) => `${p.name}: ${p.status}`).join('; ') || 'none yet'}</dd>
<dt>Started</dt><dd>${formatDateTime(o.createdAt)}</dd>
<dt>Executions</dt><dd>${pack.executions.join(', ')}</dd>
</dl>
<h2>Agreement acceptance</h2>
${
  pack.agreement
    ? html`<dl>
<dt>Version</dt><dd>${pack.agreement.version ?? 'not recorded'}</dd>
<dt>Signed by</dt><dd>${pack.agreement.signerName ?? ''}, ${pack.agreement.signerTitle ?? ''}</dd>
<dt>When</dt><dd>${formatDateTime(pack.agreement.at)}</dd>
<dt>IP address</dt><dd>${pack.agreement.ip ?? 'not recorded'}</dd>
<dt>Browser</dt><dd>${pack.agreement.userAgent ?? 'not recorded'}</dd>
<dt>SHA-256 of the text accepted</dt><dd>${pack.agreement.textSha256 ?? 'not recorded'}</dd>
</dl>`
    : none('The agreement has not been accepted yet.')
}
${(pack.agreementTexts ?? []).map(
  (copy) => html`<h3>Text accepted: version ${copy.version}</h3>
<p>SHA-256 ${copy.sha256}</p>
<div class="agreement-text" role="region" aria-label="Agreement text, version ${copy.version}" tabindex="0">${copy.text.split(/\n{2,}/).map((part) => html`<p>${part}</p>`)}</div>`,
)}
<h2>Decisions</h2>
${table(
  ['When', 'Step', 'Product', 'Outcome', 'By', 'From'],
  pack.decisions.map((d) => [
    formatDateTime(d.at),
    d.stageTitle,
    d.product ?? '',
    d.reason ? `${d.outcome}: ${d.reason}` : d.outcome,
    `${d.by.name ? `${d.by.name} ` : ''}<${d.by.address}> (${d.by.role}, via ${d.by.via})`,
    [d.ip, d.userAgent].filter(Boolean).join(' · '),
  ]),
  'No decision yet.',
)}
<h2>Questions and answers</h2>
${table(
  ['When', 'Step', 'Kind', 'Who', 'From', 'Text'],
  (pack.conversations ?? []).flatMap((c) =>
    c.entries.map((e) => [
      formatDateTime(e.at),
      c.product ? `${c.stageTitle} (${c.product})` : c.stageTitle,
      e.kind,
      `${e.author} (${e.side})`,
      e.via,
      e.text,
    ]),
  ),
  'No question was asked on any step.',
)}
${(pack.conversations ?? [])
  .filter((c) => c.waitingOn)
  .map(
    (c) =>
      html`<p>${c.stageTitle}${c.product ? ` (${c.product})` : ''}: a question waits on the ${c.waitingOn === 'provider' ? "provider's" : "marketplace's"} answer.</p>`,
  )}
<h2>Hand-overs and contact changes</h2>
${table(
  ['When', 'Step', 'From', 'To', 'By', 'Note'],
  pack.handovers.map((h) => [
    formatDateTime(h.at),
    h.product ? `${h.stage} (${h.product})` : h.stage,
    h.from,
    h.to,
    h.by,
    h.note ?? '',
  ]),
  'No step was handed over.',
)}
${table(
  ['When', 'By', 'Change'],
  pack.contactChanges.map((c) => [formatDateTime(c.at), c.by ?? '', c.detail ?? '']),
  'No contact was changed.',
)}
${table(
  ['When', 'By', 'Team change'],
  pack.teamChanges.map((t) => [
    formatDateTime(t.at),
    t.by ?? '',
    `${t.kind === 'invited' ? 'Asked to add' : 'Added'}: ${t.detail ?? ''}`,
  ]),
  'No one joined the team after the start.',
)}
<h2>Emails</h2>
${table(
  ['When', 'To', 'Step', 'Email'],
  pack.emails.map((e) => [
    formatDateTime(e.at),
    e.to ?? '',
    e.product ? `${e.stage} (${e.product})` : (e.stage ?? ''),
    e.detail ?? '',
  ]),
  'No email was sent.',
)}
${table(
  ['When', 'Address', 'Step', 'Problem'],
  pack.deliveryProblems.map((p) => [
    formatDateTime(p.at),
    p.address,
    p.stage,
    `${p.kind}${p.detail ? `: ${p.detail}` : ''}`,
  ]),
  'No delivery problem.',
)}
<h2>Audit trail</h2>
${table(
  ['When', 'Event', 'Step', 'Who', 'Detail'],
  pack.events.map((e) => [
    formatDateTime(e.at),
    e.type,
    [e.stage, e.product].filter(Boolean).join(' · '),
    e.actor ?? '',
    e.detail ?? '',
  ]),
  'No event.',
)}
</main>
</body>
</html>
`.toString();
}

function table(headings: string[], rows: string[][], empty: string): SafeHtml {
  if (rows.length === 0) return html`<p>${empty}</p>`;
  return html`<table>
<thead><tr>${headings.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody>
</table>`;
}
