import { describe, expect, it } from 'vitest';
import type { AuditEvent, Wait } from '../../../functions/domain/model.ts';
import { type LaidOutGraph, layoutMachine } from '../../../ops-console/asl-layout.ts';
import { type Box, focusBox } from '../../../ops-console/graph-focus.ts';
import { GRAPH_MARGIN, type StateStatus } from '../../../ops-console/graph-svg.ts';
import { actionForms } from '../../../ops-console/ops-action-forms.ts';
import { timelineTable } from '../../../ops-console/ops-detail-tables.ts';
import { renderOpsDocument } from '../../../ops-console/ops-layout.ts';
import { dashboardBody } from '../../../ops-console/ops-pages.ts';
import { filterOf, triageRow } from '../../../ops-console/triage.ts';
import { readAsl } from '../../../statemachine/definition.ts';
import { sampleOnboarding } from '../../support/seed.ts';
import { elementById, startTags, visibleText } from '../pages/markup.ts';

const NOW = new Date('2026-12-10T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const INTERNAL_KEYS =
  /\b(portal-access|provider-agreement|cloud-account|provider-credit|product-content|publication-request|technical-integration|billing-integration|marketplace-approval)\b/;

function repWait(overrides: Partial<Wait> = {}): Wait {
  return {
    onboardingId: 'acme-software-abcdefgh',
    waitKey: 'portal-access#-#e1',
    stage: 'portal-access',
    role: 'rep',
    recipient: 'rep@marketplace.example',
    status: 'pending',
    taskToken: 'never-shown',
    enteredAt: daysAgo(12),
    deadline: daysAgo(5),
    timeoutSeconds: 604_800,
    reminders: 0,
    escalations: 1,
    ...overrides,
  };
}
const chased: AuditEvent[] = [
  { onboardingId: 'acme-software-abcdefgh', type: 'reminder-sent', at: daysAgo(10), stage: 'portal-access' },
  { onboardingId: 'acme-software-abcdefgh', type: 'reminder-sent', at: daysAgo(8), stage: 'portal-access' },
  { onboardingId: 'acme-software-abcdefgh', type: 'escalated', at: daysAgo(6), stage: 'portal-access' },
];

describe("the console's list", () => {
  const onboarding = sampleOnboarding({ stage: 'portal-access', updatedAt: daysAgo(12) });
  const rows = [triageRow(onboarding, [repWait()], chased, NOW, 30)];
  const page = (search = '') =>
    dashboardBody({ rows, funnel: [], filter: filterOf(new URLSearchParams(search)), csrf: 'c' }).toString();

  it('has search and filters above the list, and the triage columns', () => {
    const markup = page();
    expect(markup.indexOf('role="search"')).toBeGreaterThanOrEqual(0);
    expect(markup.indexOf('role="search"')).toBeLessThan(markup.indexOf('<table'));
    const headers = [...markup.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((match) => match[1]);
    expect(headers).toEqual([
      'Company',
      'Stage',
      'Waiting on',
      'Days waiting',
      'Reminders',
      'Rep',
      'Last change',
    ]);
    const row = visibleText(/<tbody>[\s\S]*<\/tbody>/.exec(markup)?.[0] ?? '');
    expect(row).toContain('Provider Portal access Overdue');
    expect(row).toContain(
      'Marketplace representative (rep@marketplace.example) 12 2 reminders, 1 escalation rep@marketplace.example',
    );
  });

  it('offers stages by their names, each rep on file, and overdue or stuck', () => {
    const markup = page('stage=portal-access&attention=overdue');
    const stage = elementById(markup, 'stage') ?? '';
    expect(visibleText(stage)).toContain('Provider Portal access');
    expect(visibleText(stage)).not.toMatch(INTERNAL_KEYS);
    expect(startTags(stage, 'option').find((option) => 'selected' in option)?.value).toBe('portal-access');
    expect(visibleText(elementById(markup, 'rep') ?? '')).toBe('Any rep rep@marketplace.example');
    expect(visibleText(elementById(markup, 'attention') ?? '')).toBe(
      'All Overdue Stuck (no progress for weeks)',
    );
    expect(markup).toContain('Onboardings that match the filters (1)');
    expect(page('attention=stuck')).toContain('No onboarding matches.');
  });
});

describe("the detail page's timeline", () => {
  it('counts every reminder sent, not the counter that starts again after an escalation', () => {
    const wait = repWait();
    const markup = timelineTable({
      waits: [wait],
      events: chased,
      onboarding: sampleOnboarding(),
      csrf: 'c',
      now: NOW,
    }).toString();
    const text = visibleText(markup);
    expect(text).toContain('2 reminders, 1 escalation');
    expect(text).not.toContain('(+1 escalated)');
    expect(text).toContain('Overdue');
  });
});

describe("the detail page's people and stop forms", () => {
  const waits = [repWait(), repWait({ waitKey: 'x', stage: 'cloud-account', status: 'decided' })];

  it('name the waiting steps as people do, and the stop needs a reason told to the provider', () => {
    const markup = actionForms(sampleOnboarding({ stage: 'portal-access' }), waits, 'c').toString();
    const options = startTags(elementById(markup, 'hand-over-wait') ?? '', 'option');
    expect(options.map((option) => option.value)).toEqual(['portal-access#-#e1']);
    expect(visibleText(elementById(markup, 'hand-over-wait') ?? '')).toBe(
      'Provider Portal access — Marketplace representative (rep@marketplace.example)',
    );
    expect(visibleText(markup)).not.toMatch(INTERNAL_KEYS);
    expect(startTags(markup, 'textarea').find((area) => area.id === 'stop-reason')).toHaveProperty(
      'required',
    );
    expect(visibleText(markup)).toContain('Reason (told to the provider)');
    // Every control has its own label; no two share an id.
    const ids = [...markup.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const control of [
      ...startTags(markup, 'input'),
      ...startTags(markup, 'textarea'),
      ...startTags(markup, 'select'),
    ]) {
      if (control.type === 'hidden') continue;
      expect(markup).toContain(`<label for="${control.id}">`);
    }
  });

  it('a stopped onboarding can still change its people, not be handed over or stopped again', () => {
    const markup = actionForms(sampleOnboarding({ status: 'stopped' }), waits, 'c').toString();
    expect(startTags(markup, 'form').map((form) => form.id)).toEqual(['contact-form', 'rep-form']);
  });

  it('a refused form shows its message and marks the field, keeping what was typed', () => {
    const markup = actionForms(sampleOnboarding(), waits, 'c', {
      action: 'stop',
      message: 'The onboarding was not stopped.',
      fieldErrors: { reason: 'Reason is required.' },
      values: { reason: '' },
    }).toString();
    const box = elementById(markup, 'stop-problem') ?? '';
    expect(visibleText(box)).toBe('The onboarding was not stopped. Reason is required.');
    expect(startTags(box, 'a').map((a) => a.href)).toEqual(['#stop-reason']);
    expect(startTags(markup, 'textarea').find((area) => area.id === 'stop-reason')).toMatchObject({
      'aria-invalid': 'true',
      'aria-describedby': 'stop-reason-error',
    });
  });
});

describe('one clock on the page', () => {
  it('the live "updated at" uses 24-hour time with the zone named, as the page does', () => {
    const markup = renderOpsDocument({ title: 'T', body: visibleTextSafe(), nonce: 'n', refresh: true });
    expect(markup).toContain("toLocaleTimeString('en-GB', TIME)");
    expect(markup).toContain("timeZoneName: 'short'");
    expect(markup).not.toMatch(/toLocaleTimeString\(\)/);
  });
});

describe('the graph window around the states in progress', () => {
  const graph = layoutMachine(readAsl());
  it('never cuts a state: each is wholly inside the window or wholly outside, for every state in progress', () => {
    const leaves = leafBoxes(graph);
    expect(leaves.length).toBeGreaterThan(20);
    const cut: string[] = [];
    for (const active of leaves) {
      const statuses = new Map<string, StateStatus>([[active.name, 'active']]);
      const window = focusBox(graph, statuses, GRAPH_MARGIN, 150);
      if (!window) throw new Error(`no window for ${active.name}`);
      for (const leaf of leaves) {
        const touches = overlap(leaf.box, window);
        if (touches && !inside(leaf.box, window))
          cut.push(`${leaf.name} cut when ${active.name} is in progress`);
      }
    }
    expect(cut).toEqual([]);
  });
});

function visibleTextSafe() {
  return dashboardBody({ rows: [], funnel: [], filter: filterOf(new URLSearchParams()), csrf: 'c' });
}

function leafBoxes(graph: LaidOutGraph): { name: string; box: Box }[] {
  const found: { name: string; box: Box }[] = [];
  const walk = (sub: LaidOutGraph, x0: number, y0: number) => {
    for (const node of sub.nodes) {
      const x = x0 + sub.x + node.x;
      const y = y0 + sub.y + node.y;
      if (node.children.length === 0 && node.name)
        found.push({ name: node.name, box: { x, y, width: node.width, height: node.height } });
      for (const child of node.children) walk(child, x, y);
    }
  };
  walk(graph, GRAPH_MARGIN, GRAPH_MARGIN);
  return found;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}

function inside(a: Box, b: Box): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}
