import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localConfig } from '../../local/config.ts';
import { handlerEnvironment } from '../../local/handler-environment.ts';
import { bundleHandler, type LambdaBundle } from '../lambda/bundle.ts';
import { type InitTime, measureInitTimes } from '../lambda/init-time.ts';
import { ProgressBar } from '../progress.ts';

export interface LambdaResult {
  bareNodeStartMs: number;
  initRuns: number;
  /** NODE_OPTIONS every fresh process ran with ('' : none, as the stack deploys its functions). */
  nodeOptions: string;
  functions: (Omit<LambdaBundle, 'file'> & InitTime & SdkFloor)[];
}

/** A function's start beside its floor: a fresh Node importing only the SDK it loads at init. */
export interface SdkFloor {
  /** Median wall time of a fresh Node that imports exactly `sdkAtInit`, nothing else. */
  sdkFloorMs: number;
  /** The function's median start (a fresh Node importing its bundle) ÷ `sdkFloorMs`. */
  startOverSdkFloor: number;
  /** The same ratio in CPU time (user + system) of the process: steadier when other work shares the cores. */
  startCpuOverSdkFloorCpu: number;
}

/** Every Lambda entry (functions/handlers/*.ts): bundle size and module init time. */
export async function runLambda(
  repoRoot: string,
  workDir: string,
  initRuns: number,
  nodeOptions = '',
): Promise<LambdaResult> {
  const handlers = readdirSync(join(repoRoot, 'functions', 'handlers'))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.slice(0, -'.ts'.length))
    .sort();
  const bundles = await Promise.all(handlers.map((handler) => bundleHandler(repoRoot, handler, workDir)));

  // What a deployed function finds in its environment (checked at module load), pointed nowhere:
  // nothing is called during init.
  const env = {
    ...handlerEnvironment(localConfig({}), {
      api: 'http://localhost:3000',
      dynamodb: 'http://127.0.0.1:8000',
      ses: 'http://127.0.0.1:8005',
      sfn: 'http://127.0.0.1:8083',
    }),
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  };
  // One floor module per distinct set of SDK packages loaded at init, written beside the bundles
  // (under the repository, so `@aws-sdk/*` resolves as the bundles' imports do).
  const floorOf = (bundle: LambdaBundle) => `(sdk floor: ${bundle.sdkAtInit.join(' + ') || 'none'})`;
  const floors = Object.fromEntries(
    bundles.map((bundle, index) => {
      const file = join(workDir, `sdk-floor-${index}.mjs`);
      writeFileSync(file, bundle.sdkAtInit.map((name) => `import '${name}';\n`).join(''));
      return [floorOf(bundle), file];
    }),
  );
  const progress = new ProgressBar(
    'lambda: fresh Node processes',
    initRuns * (bundles.length + Object.keys(floors).length + 1),
  );
  const init = measureInitTimes(
    Object.fromEntries(bundles.map((bundle) => [bundle.handler, bundle.file])),
    floors,
    initRuns,
    env,
    workDir,
    () => progress.tick(),
  );
  progress.finish();
  return {
    bareNodeStartMs: init.bareMs,
    initRuns,
    nodeOptions,
    functions: bundles.map(({ file: _file, ...bundle }) => {
      const sdkFloorMs = init.startMs[floorOf({ file: _file, ...bundle })] ?? Number.NaN;
      const startMs = init.startMs[bundle.handler] ?? Number.NaN;
      const floorCpuMs = init.startCpuMs[floorOf({ file: _file, ...bundle })] ?? Number.NaN;
      const startCpuMs = init.startCpuMs[bundle.handler] ?? Number.NaN;
      return {
        ...bundle,
        ...(init.byHandler[bundle.handler] as InitTime),
        sdkFloorMs,
        startOverSdkFloor: Math.round((startMs / sdkFloorMs) * 100) / 100,
        startCpuOverSdkFloorCpu: Math.round((startCpuMs / floorCpuMs) * 100) / 100,
      };
    }),
  };
}
