import { describe, expect, it } from 'vitest';
import { ROLES, STAGE_KEYS } from '../../../functions/checklist/stages.ts';
import { LIFECYCLE_DETAIL_TYPES, lifecycleEvent } from '../../../functions/lifecycle/lifecycle-events.ts';
import { readSchema, schemaFileOf, schemaFiles, schemaProblems } from '../../support/lifecycle-schemas.ts';

describe('lifecycle event schemas', () => {
  it('has one version-1 schema per detail type of the closed list, and no other', () => {
    expect(schemaFiles().sort()).toEqual(LIFECYCLE_DETAIL_TYPES.map((type) => schemaFileOf(type)).sort());
  });

  it('names the stages and roles the code has, so a new stage cannot go out unvalidated', () => {
    for (const file of schemaFiles()) {
      const properties = readSchema(file).properties as Record<string, { enum?: string[] }>;
      if (properties.stage) expect(properties.stage.enum, file).toEqual([...STAGE_KEYS]);
      for (const key of ['waitingOn', 'decidedBy', 'recipientRole'])
        if (properties[key]) expect(properties[key].enum, `${file} ${key}`).toEqual([...ROLES]);
    }
  });

  it('refuses a detail with a field its schema does not list (no personal data slips in)', () => {
    const event = lifecycleEvent(
      'Product Published',
      { onboardingId: 'acme-1', at: '2026-12-07T05:00:00.000Z', factKey: 'Acme Backup' },
      { product: 'Acme Backup' },
    );
    expect(schemaProblems(event)).toEqual([]);
    const withEmail = { ...event, detail: { ...event.detail, contactEmail: 'pat@acme.example' } };
    expect(schemaProblems(withEmail)).toEqual(['Product Published must NOT have additional properties']);
  });

  it('refuses a detail type outside the closed list', () => {
    expect(schemaProblems({ detailType: 'Product Renamed', detail: {} })).toEqual([
      '"Product Renamed" is not a detail type of the closed list',
    ]);
  });
});

describe('lifecycle event ids', () => {
  const fact = { onboardingId: 'acme-1', at: '2026-12-07T05:00:00.000Z', factKey: 'cloud-account#-#abc' };
  const fields = { stage: 'cloud-account', waitKey: 'cloud-account#-#abc', waitingOn: 'provider' } as const;

  it('are the same for the same fact, whenever it is published again', () => {
    const first = lifecycleEvent('Stage Entered', fact, fields);
    const again = lifecycleEvent('Stage Entered', { ...fact, at: '2026-12-07T06:00:00.000Z' }, fields);
    expect(again.detail.id).toBe(first.detail.id);
    expect(first.detail.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('differ between facts: another wait, another onboarding, another detail type', () => {
    const id = lifecycleEvent('Stage Entered', fact, fields).detail.id;
    expect(
      lifecycleEvent('Stage Entered', { ...fact, factKey: 'cloud-account#-#def' }, fields).detail.id,
    ).not.toBe(id);
    expect(lifecycleEvent('Stage Entered', { ...fact, onboardingId: 'acme-2' }, fields).detail.id).not.toBe(
      id,
    );
    expect(
      lifecycleEvent('Step Decided', fact, { ...fields, outcome: 'submitted', decidedBy: 'provider' }).detail
        .id,
    ).not.toBe(id);
  });

  it('leaves out fields that are not set (a stage without a product)', () => {
    const event = lifecycleEvent('Stage Entered', fact, { ...fields, product: undefined });
    expect(Object.keys(event.detail)).not.toContain('product');
    expect(schemaProblems(event)).toEqual([]);
  });
});
