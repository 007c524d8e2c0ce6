import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../local/node-flags.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RuntimePorts {
  api: number;
  sfn: number;
  dynamodb: number;
  ses: number;
}

/**
 * `npm start` as a separate process, as a newcomer runs it, on free ports and a data folder of the
 * test's own. Started with node --import tsx (one process, so SIGKILL really kills it).
 */
export class RuntimeProcess {
  private output = '';
  private constructor(
    private readonly child: ChildProcess,
    readonly ports: RuntimePorts,
    readonly exited: Promise<number | null>,
  ) {}

  static async freePorts(): Promise<RuntimePorts> {
    return {
      api: await testPort(),
      sfn: await testPort(),
      dynamodb: await testPort(),
      ses: await testPort(),
    };
  }

  static async start(options: {
    dataDir: string;
    ports: RuntimePorts;
    env?: Record<string, string>;
  }): Promise<RuntimeProcess> {
    const child = spawn(
      process.execPath,
      [...LOCAL_RUNTIME_NODE_FLAGS, '--import', 'tsx', 'local/start.ts'],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PORT: String(options.ports.api),
          SFN_PORT: String(options.ports.sfn),
          DYNAMODB_PORT: String(options.ports.dynamodb),
          SES_PORT: String(options.ports.ses),
          LOCAL_DATA_DIR: options.dataDir,
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const runtime = new RuntimeProcess(child, options.ports, exited);
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        runtime.output += chunk.toString();
        if (runtime.output.includes('is running locally')) resolve();
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) =>
        reject(new Error(`npm start exited with ${code} before it was ready:\n${runtime.output}`)),
      );
      setTimeout(
        // A hang guard: a restart that recovers a hundred onboardings on a busy machine takes a while.
        () => reject(new Error(`npm start was not ready within 120 s:\n${runtime.output}`)),
        120_000,
      ).unref();
    });
    await ready;
    return runtime;
  }

  get apiUrl(): string {
    return `http://localhost:${this.ports.api}`;
  }
  get sesUrl(): string {
    return `http://127.0.0.1:${this.ports.ses}`;
  }
  get sfnUrl(): string {
    return `http://127.0.0.1:${this.ports.sfn}`;
  }
  get dynamodbUrl(): string {
    return `http://127.0.0.1:${this.ports.dynamodb}`;
  }
  /** Everything the process printed: banner and log lines. */
  get log(): string {
    return this.output;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}

// Below Linux's ephemeral range (32768-60999): a port chosen here is never taken meanwhile as the
// local port of some outgoing connection, which is what made "Port … is already in use" flaky when
// ports came from the operating system's ephemeral pool and were released before npm start bound them.
const TEST_PORTS = { from: 20_000, to: 32_000 };

/** A port outside the ephemeral range that is free now (another test may pick it only by chance). */
async function testPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = TEST_PORTS.from + Math.floor(Math.random() * (TEST_PORTS.to - TEST_PORTS.from));
    if (await isFree(port)) return port;
  }
  throw new Error(`No free port between ${TEST_PORTS.from} and ${TEST_PORTS.to} after 50 tries`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
