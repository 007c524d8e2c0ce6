import { fileURLToPath } from 'node:url';

/** The repository root, found from this file rather than the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An absolute path inside the repository. */
export const repoPath = (...segments: string[]): string =>
  fileURLToPath(new URL(segments.join('/'), new URL('..', import.meta.url)));
