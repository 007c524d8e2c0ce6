import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces that name the source's files and lines, with the bundle's source map read the first
 * time a stack is written, not when the function starts. Node's own `--enable-source-maps` reads and
 * parses the map as the bundle loads: with it the functions started at 1.13–1.35× of their SDK floor,
 * against 1.05–1.26× without, in one sitting (docs/performance.md), for stacks only a failure needs. Only frames in this bundle are mapped; the SDK's and Node's frames
 * keep Node's wording.
 *
 * Installed once per cold start. A no-op where there is no map beside the running module (the local
 * runtime and the tests run the TypeScript sources, whose own loader maps them) or where Node maps
 * stacks already.
 */
export function mapStacksOnDemand(bundle: string = import.meta.url): void {
  if (process.sourceMapsEnabled || !bundle.endsWith('.mjs') || installed) return;
  installed = true;
  let map: SourceMap | null | undefined;
  const mapOf = (): SourceMap | null => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(bundle)}.map`, 'utf8')));
      } catch {
        map = null; // No readable map: stacks stay as Node writes them.
      }
    }
    return map;
  };
  Error.prepareStackTrace = (error, callSites) => {
    const frames = callSites.map((site, index) => {
      const mapped = site.getFileName() === bundle ? mapOf() : null;
      const position = mapped ? sourcePosition(mapped, site, callSites[index + 1], bundle) : undefined;
      return `    at ${position ?? String(site)}`;
    });
    return [headerOf(error), ...frames].join('\n');
  };
}

let installed = false;

/** "Error: message", as V8 writes it (a throwing `toString` or `name` getter must not lose the stack). */
function headerOf(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

/** "async decide (functions/domain/record-decision.ts:120:11)", or undefined when the map has no entry. */
function sourcePosition(
  map: SourceMap,
  site: NodeJS.CallSite,
  caller: NodeJS.CallSite | undefined,
  bundle: string,
): string | undefined {
  const entry = entryAt(map, site);
  if (!entry) return undefined;
  // Methods keep their names through minifying; a minified function's name is gone, but a caller
  // stopped at the call (not at an await, where it may wait on another function) names it as
  // written. Otherwise Node's short name is left as it is.
  const callerName =
    caller && !caller.isAsync() && caller.getFileName() === bundle ? entryAt(map, caller)?.name : undefined;
  const name = site.getMethodName() || callerName || site.getFunctionName() || '<anonymous>';
  const where = `${repositoryPath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  return `${site.isAsync() ? 'async ' : ''}${name} (${where})`;
}

interface MappedPosition {
  originalSource: string;
  originalLine: number;
  originalColumn: number;
  name?: string;
}

function entryAt(map: SourceMap, site: NodeJS.CallSite): MappedPosition | undefined {
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (line === null || column === null) return undefined;
  const entry = map.findEntry(line - 1, column - 1);
  return 'originalSource' in entry ? (entry as MappedPosition) : undefined;
}

/** The map names sources relative to where the bundle was built; people know them by repository path. */
function repositoryPath(source: string): string {
  const match = /(?:^|\/)((?:functions|infra|test|node_modules)\/.*)$/.exec(source);
  return match?.[1] ?? source.replace(/^(\.\.\/)+/, '');
}
