import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** A link target written in a markdown file, with the line it is on (1-based). */
export interface MarkdownLink {
  target: string;
  line: number;
}

/**
 * Every link and image target in a markdown text: `[text](target)`, `![alt](target)`, reference
 * definitions `[id]: target`, and `src`/`href` attributes of inline HTML. Code (fenced blocks and
 * `inline spans`) is blanked first: what it shows is an example, not a link.
 */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const text = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/`[^`\n]*`/g, (span) => ' '.repeat(span.length));
  const patterns = [
    /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
    /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm,
    /\b(?:src|href)\s*=\s*"([^"]+)"/g,
  ];
  const links: MarkdownLink[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const target = match[1] ?? '';
      const line = text.slice(0, match.index).split('\n').length;
      links.push({ target, line });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** A link with a scheme (`https:`, `mailto:`) or only a `#fragment` does not name a file. */
export function isRelativeFileLink(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//');
}

/**
 * Why a relative link from `file` is broken, or undefined when it names a file or folder inside
 * `root`. A link that leaves the repository is broken even if the target exists on this machine:
 * in a clone it would not.
 */
export function brokenLinkReason(root: string, file: string, target: string): string | undefined {
  const path = decodeURIComponent(target.replace(/[?#].*$/, ''));
  const resolved = path.startsWith('/') ? join(root, path) : resolve(dirname(file), path);
  const inside = relative(root, resolved);
  if (inside.startsWith('..') || isAbsolute(inside)) return 'points outside the repository';
  if (!existsSync(resolved)) return 'names nothing in the repository';
  return undefined;
}

/** Markdown files of a folder and its subfolders. */
export function markdownFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(folder, name))
    .sort();
}

/** Every broken relative link of the given files, as "file:line target: reason". */
export function brokenLinks(root: string, files: string[]): string[] {
  return files.flatMap((file) =>
    markdownLinks(readFileSync(file, 'utf8'))
      .filter((link) => isRelativeFileLink(link.target))
      .flatMap((link) => {
        const reason = brokenLinkReason(root, file, link.target);
        return reason ? [`${relative(root, file)}:${link.line} ${link.target}: ${reason}`] : [];
      }),
  );
}
