/**
 * `npm start`: builds the web app, then runs the server, and stays its parent.
 *
 * A shell between npm and the server (`a && b`) does not pass on SIGTERM, so
 * stopping `npm start` used to leave the server running with the data
 * directory locked; the npm script `exec`s this file so no shell stays between. Here every step runs as a child of this process, in a
 * process group of its own so a Ctrl-C in the terminal reaches it once, from
 * here, rather than twice; SIGINT and SIGTERM are passed on, this process
 * waits for the child to finish closing and exits with its code.
 *
 * Usage: node --import tsx scripts/start.ts [--no-build]
 *   --no-build  serve the web app already in packages/web/dist (or none)
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let current: ChildProcess | null = null;
let stopping: NodeJS.Signals | null = null;

/**
 * Passes a stop signal to the step running now, once: a Ctrl-C reaches this
 * process both from the terminal and from npm, and a second SIGINT would cut
 * the server's orderly close short. A step not yet started never starts.
 */
function forward(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = signal;
  if (current?.pid !== undefined && current.exitCode === null && current.signalCode === null) {
    // The whole group: npm's own children (the web build) stop too.
    try {
      process.kill(process.platform === 'win32' ? current.pid : -current.pid, signal);
    } catch {
      current.kill(signal);
    }
  }
}
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));
process.on('SIGHUP', () => forward('SIGTERM'));

/** Runs one step to its end; its exit code, or 128 + the signal's number when a signal ended it. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; channel?: boolean }): Promise<number> {
  return new Promise((resolve) => {
    const stdio: StdioOptions = options.channel ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit';
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio, detached: process.platform !== 'win32' });
    current = child;
    child.once('error', (error) => {
      console.error(`Kindred cannot start: ${command}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      current = null;
      resolve(code ?? 128 + (signal ? signalNumber(signal) : 0));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 0;
}

async function main(): Promise<number> {
  if (!process.argv.includes('--no-build')) {
    const built = await run(npm, ['run', 'build:web'], { cwd: root });
    if (built !== 0 || stopping) return stopping ? 128 + signalNumber(stopping) : built;
  }
  if (stopping) return 128 + signalNumber(stopping);
  // Node itself with tsx as a loader: one process between here and the server, no wrapper to pass signals on.
  // The channel tells the server when this process is gone without passing a signal on (killed outright):
  // in a process group of its own, it would otherwise run on.
  return run(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: path.join(root, 'packages/server'),
    env: { ...process.env, NODE_ENV: 'production' },
    channel: true,
  });
}

process.exitCode = await main();
