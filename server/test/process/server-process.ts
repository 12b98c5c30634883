// The server as npm start runs it, in a process of its own, for the process tests: one
// node process (the tsx CLI would add a parent that SIGKILLs the server when it does not
// acknowledge a signal within 60 ms), its output kept, its URL read from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const running = new Set<ChildProcess>();

export type ServerProcess = {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr. */
  output: () => string;
  exited: Promise<number | null>;
  /** Its URL once it says it is running (and `ready` agrees); rejected if it exits first. */
  started: Promise<string>;
};

/**
 * Starts the server on a free port with `env` over this process's environment (logging
 * at warn unless `env` says otherwise). `ready`: what else its output must show before
 * it counts as started (another line it prints at start).
 */
export function startServerProcess(
  env: Record<string, string>,
  ready: (output: string) => boolean = () => true,
): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const started = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (https?:\/\/\S+)/.exec(output)?.[1];
      if (url && ready(output)) resolve(url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, exited, started };
}

/** For afterAll: no server a test started outlives the file. */
export function killServerProcesses() {
  for (const child of running) child.kill('SIGKILL');
}
