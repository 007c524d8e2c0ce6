import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  brokenLinkReason,
  brokenLinks,
  isRelativeFileLink,
  markdownFilesUnder,
  markdownLinks,
} from '../support/markdown-links.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = [join(ROOT, 'README.md'), ...markdownFilesUnder(join(ROOT, 'docs'))];

describe('links in README.md and docs/', () => {
  it('every relative link resolves to a file inside the repository', () => {
    expect(brokenLinks(ROOT, DOCS)).toEqual([]);
  });

  it('the README links the checklist the product automates, kept in docs/', () => {
    const targets = markdownLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((l) => l.target);
    expect(targets).toContain('docs/checklist.md');
    expect(readFileSync(join(ROOT, 'docs/checklist.md'), 'utf8')).toMatch(
      /^# Marketplace Onboarding Checklist\n/,
    );
  });
});

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const GUIDES = [
    'docs/operating.md',
    'docs/security.md',
    'docs/reliability.md',
    'docs/performance.md',
    'docs/local-runtime.md',
    'docs/pages.md',
  ];

  it('stays a five-minute read: at most 250 lines, everything else in docs/', () => {
    const lines = readme.endsWith('\n') ? readme.slice(0, -1).split('\n') : readme.split('\n');
    expect(lines.length).toBeLessThanOrEqual(250);
  });

  it('keeps the two commands a newcomer needs', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('links every guide, and every guide links back to it', () => {
    const targets = markdownLinks(readme).map((l) => l.target.split('#')[0]);
    for (const guide of GUIDES) {
      expect(targets, guide).toContain(guide);
      const back = markdownLinks(readFileSync(join(ROOT, guide), 'utf8')).map((l) => l.target.split('#')[0]);
      expect(back, guide).toContain('../README.md');
    }
  });
});

describe('the link checker', () => {
  const readme = join(ROOT, 'README.md');

  it('finds inline links, images, reference definitions and HTML attributes, with their lines', () => {
    const markdown = [
      'See [the checklist](docs/checklist.md "title").',
      '![Shot](<docs/screenshots/checklist.png>)',
      '[ref]: ./package.json',
      '<img src="docs/a.png"> <a href="b.md">b</a>',
    ].join('\n');
    expect(markdownLinks(markdown)).toEqual([
      { target: 'docs/checklist.md', line: 1 },
      { target: 'docs/screenshots/checklist.png', line: 2 },
      { target: './package.json', line: 3 },
      { target: 'docs/a.png', line: 4 },
      { target: 'b.md', line: 4 },
    ]);
  });

  it('ignores what code blocks and inline code show', () => {
    const markdown = ['```sh', 'echo [x](../outside.md)', '```', 'Run `[y](nowhere.md)` here.'].join('\n');
    expect(markdownLinks(markdown)).toEqual([]);
  });

  it('checks only links that name a file: no scheme, not a bare fragment', () => {
    expect(
      ['https://x.example', 'mailto:a@b.example', '#quick-start', '//cdn.example/x', 'docs/x.md'].map(
        isRelativeFileLink,
      ),
    ).toEqual([false, false, false, false, true]);
  });

  it('flags a link that leaves the repository, even to a file that exists on this machine', () => {
    expect(brokenLinkReason(ROOT, readme, '../shared/seeds/000_60a77add78389ad0.txt')).toBe(
      'points outside the repository',
    );
    expect(brokenLinkReason(ROOT, readme, '../../etc/hostname')).toBe('points outside the repository');
  });

  it('flags a link to nothing, and passes one to a file or folder, ignoring its fragment', () => {
    expect(brokenLinkReason(ROOT, readme, 'docs/missing.md')).toBe('names nothing in the repository');
    expect(brokenLinkReason(ROOT, readme, 'docs/checklist.md#provider-portal-access')).toBeUndefined();
    expect(brokenLinkReason(ROOT, readme, 'test/browser/')).toBeUndefined();
    expect(brokenLinkReason(ROOT, readme, '/package.json')).toBeUndefined();
  });
});
