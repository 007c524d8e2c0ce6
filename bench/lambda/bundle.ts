import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../../infra/onboarding-function.ts';

export interface LambdaBundle {
  handler: string;
  file: string;
  bytes: number;
  /** Bytes in the bundle by npm package and by product folder (functions/<folder>). */
  contents: Record<string, number>;
  /** Imports left to the Lambda runtime (node:*, and @aws-sdk/* which nodejs24.x provides). */
  external: string[];
  /**
   * The SDK packages the function loads at init: its static `import`s of `@aws-sdk/*` (a dynamic
   * `import()` loads on first use and is left out). Read from the bundle's metafile, so it follows
   * the code: the bench's floor function imports exactly these.
   */
  sdkAtInit: string[];
  /**
   * The npm packages bundled in that are evaluated when the module loads: reached from the entry
   * through static imports only. A package reached only through `import()` stays in the bundle but
   * is evaluated on first use, so it costs nothing at a cold start.
   */
  packagesAtInit: string[];
}

/**
 * One handler bundled the way CDK's NodejsFunction bundles it for this stack
 * (infra/onboarding-function.ts): esbuild, minified ESM for node24, module/main fields, the
 * createRequire banner, and CDK's default externals for Node.js 18+ runtimes: `@aws-sdk/*`, which
 * the Lambda runtime provides. The source map goes to a separate file and is not counted.
 */
export async function bundleHandler(
  repoRoot: string,
  handler: string,
  outDir: string,
): Promise<LambdaBundle> {
  const dir = join(outDir, handler);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const result = await build({
    ...lambdaBuildOptions(repoRoot, join(repoRoot, 'functions', 'handlers', `${handler}.ts`), file),
    metafile: true,
  });
  return {
    handler,
    file,
    bytes: statSync(file).size,
    contents: contentsOf(result.metafile),
    external: externalsOf(result.metafile),
    sdkAtInit: sdkAtInitOf(result.metafile),
    packagesAtInit: packagesAtInitOf(result.metafile, `functions/handlers/${handler}.ts`),
  };
}

/** esbuild's options for one entry, as the stack's NodejsFunction sets them (see bundleHandler). */
export function lambdaBuildOptions(repoRoot: string, entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    external: ['@aws-sdk/*'],
    banner: { js: ESM_REQUIRE_BANNER },
    outfile,
    logLevel: 'silent',
  };
}

function contentsOf(metafile: Metafile): Record<string, number> {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  const contents: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const key = groupOf(input);
    contents[key] = (contents[key] ?? 0) + bytesInOutput;
  }
  return Object.fromEntries(Object.entries(contents).sort(([, a], [, b]) => b - a));
}

/** node_modules/@scope/name/... -> @scope/name; functions/pages/x.ts -> functions/pages. */
function groupOf(input: string): string {
  const parts = input.split('/');
  const modules = parts.lastIndexOf('node_modules');
  if (modules >= 0) {
    const name = parts[modules + 1] ?? input;
    return name.startsWith('@') ? `${name}/${parts[modules + 2]}` : name;
  }
  return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
}

function externalsOf(metafile: Metafile): string[] {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  return [
    ...new Set((output?.imports ?? []).filter((entry) => entry.external).map((entry) => entry.path)),
  ].sort();
}

function sdkAtInitOf(metafile: Metafile): string[] {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith('.mjs'))?.[1];
  const loaded = (output?.imports ?? []).filter(
    (entry) => entry.external && entry.kind === 'import-statement' && entry.path.startsWith('@aws-sdk/'),
  );
  return [...new Set(loaded.map((entry) => entry.path))].sort();
}

function packagesAtInitOf(metafile: Metafile, entry: string): string[] {
  const reached = new Set([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const { path, kind, external } of metafile.inputs[file]?.imports ?? []) {
      if (external || kind === 'dynamic-import' || reached.has(path)) continue;
      reached.add(path);
      queue.push(path);
    }
  }
  const packages = [...reached].filter((file) => file.includes('node_modules/')).map(groupOf);
  return [...new Set(packages)].sort();
}
