import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../../bench/options.ts';
import { InboxRouter, tagFor } from '../../bench/people/inbox-router.ts';
import { verdict } from '../../bench/report.ts';
import type { StoredEmailEvent } from '../../bench/runtime/protocol.ts';
import { distribution, percentile } from '../../bench/stats.ts';

const email = (subject: string): StoredEmailEvent => ({ type: 'email', at: 0, to: [], subject, bytes: 0 });

describe('npm run bench options', () => {
  it('defaults to the full sizes: 1,000 onboardings, 50 people, 100,000 listed, 20 init runs', () => {
    expect(parseOptions([])).toMatchObject({
      quick: false,
      onboardings: 1000,
      people: 50,
      listingOnboardings: 100_000,
      initRuns: 20,
    });
  });

  it('--quick shrinks every phase but keeps them all', () => {
    const options = parseOptions(['--quick']);
    expect(options).toMatchObject({ quick: true, onboardings: 30, listingOnboardings: 2000 });
    expect(options !== 'help' && 'phases' in options && [...options.phases].sort()).toEqual([
      'cost',
      'e2e',
      'lambda',
      'listing',
    ]);
  });

  it('runs the end-to-end phase whenever the cost model is asked for (it counts from that run)', () => {
    const options = parseOptions(['--only', 'cost']);
    expect(options !== 'help' && 'phases' in options && [...options.phases].sort()).toEqual(['cost', 'e2e']);
  });

  it('refuses sizes that are not whole numbers and phases it does not know', () => {
    expect(() => parseOptions(['--onboardings', 'many'])).toThrow(UsageError);
    expect(() => parseOptions(['--only', 'everything'])).toThrow(UsageError);
  });

  it('starts the Lambda processes with no NODE_OPTIONS unless asked, as the stack deploys them', () => {
    expect(parseOptions([])).toMatchObject({ nodeOptions: '' });
    expect(parseOptions(['--node-options', ' --enable-source-maps '])).toMatchObject({
      nodeOptions: '--enable-source-maps',
    });
  });

  it('never has more people than onboardings', () => {
    expect(parseOptions(['--onboardings', '10', '--people', '50'])).toMatchObject({ people: 10 });
  });
});

describe('bench figures', () => {
  it('takes percentiles by nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(distribution([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 });
    expect(distribution([]).count).toBe(0);
  });

  it('says by how much a target is met or missed', () => {
    expect(verdict(75, 100)).toBe('met (25% headroom)');
    expect(verdict(120, 100)).toBe('MISSED by 20%');
    expect(verdict(Number.NaN, 100)).toBe('no data');
  });
});

describe('bench inbox router', () => {
  it('delivers each email to the onboarding its subject names, and counts the others', async () => {
    const router = new InboxRouter();
    const inbox = router.open(tagFor(7));
    router.deliver(email('Action needed: Lumen Marketplace — Bench B000007: Step 1 of 9, Cloud account'));
    router.deliver(email('Lumen Marketplace: Product B000008 is published'));
    expect((await inbox.next(10))?.subject).toContain('B000007');
    expect(await inbox.next(10)).toBeUndefined();
    expect(router.unrouted).toBe(1);
  });
});
