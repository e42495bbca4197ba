/**
 * Benchmark parts that must not share an event loop with the load generator (or with the code
 * under test) run in a child process: on a 2-core machine, one core each. The child talks over
 * Node's IPC channel: it sends `{type: 'ready', ...}` once, then answers each request
 * `{id, cmd, ...}` with `{id, ...}`. Its stdout goes to our stderr, so `--json` stays one document.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface BenchChild<Ready> {
  ready: Ready;
  pid: number;
  request<T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** asks the child to exit, and kills it (by pid, it is ours) if it does not within 5 s */
  stop(): Promise<void>;
}

/**
 * The runtime flags a child should share with us (type stripping, warnings, heap size), and only
 * those: `-e`/`--input-type` and the like would make the child run our own script again.
 */
function inheritedFlags(): string[] {
  const keep = [
    '--experimental-',
    '--disable-warning=',
    '--no-warnings',
    '--max-old-space-size=',
    '--enable-source-maps',
  ];
  return process.execArgv.filter((flag) => keep.some((prefix) => flag.startsWith(prefix)));
}

type Message = { type?: string; id?: number; error?: string } & Record<string, unknown>;

export async function startChild<Ready = Record<string, unknown>>(
  file: string,
  args: string[] = [],
  options: { execArgv?: string[] } = {},
): Promise<BenchChild<Ready>> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const child: ChildProcess = fork(path, args, {
    execArgv: [...inheritedFlags(), ...(options.execArgv ?? [])],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      for (const { reject } of pending.values())
        reject(new Error(`${file} exited (${code ?? signal}) before answering`));
      pending.clear();
      resolve();
    }),
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    const onExit = () => reject(new Error(`${file} exited before it was ready`));
    child.once('exit', onExit);
    child.on('message', (raw: unknown) => {
      const message = raw as Message;
      if (message.type === 'ready') {
        child.off('exit', onExit);
        resolve(message as Ready);
        return;
      }
      if (typeof message.id !== 'number') return;
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${file}: ${message.error}`));
      else waiter.resolve(message);
    });
  });

  return {
    ready,
    pid: child.pid!,
    request<T>(cmd: string, requestArgs: Record<string, unknown> = {}) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        if (exited) {
          reject(new Error(`${file} has exited`));
          return;
        }
        pending.set(id, { resolve: (m) => resolve(m as T), reject });
        child.send({ id, cmd, ...requestArgs });
      });
    },
    async stop() {
      if (exited) return;
      child.send({ cmd: 'exit' });
      const timer = setTimeout(() => {
        if (!exited) process.kill(child.pid!, 'SIGKILL');
      }, 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * The child's side: announces itself ready, then runs `handle` for each request. `exit` closes
 * whatever `close` closes and ends the process.
 */
export function serveParent(
  ready: Record<string, unknown>,
  handle: (cmd: string, args: Record<string, unknown>) => Promise<Record<string, unknown>>,
  close: () => Promise<void> = async () => {},
): void {
  if (!process.send) throw new Error('this file runs as a child of bench/run.ts (no IPC channel)');
  process.on('message', (raw: unknown) => {
    const message = raw as Message & { cmd?: string };
    if (message.cmd === 'exit') {
      void close().finally(() => process.exit(0));
      return;
    }
    const id = message.id;
    handle(String(message.cmd), message).then(
      (answer) => process.send!({ ...answer, id }),
      (error: unknown) =>
        process.send!({ id, error: error instanceof Error ? error.stack : String(error) }),
    );
  });
  // The parent going away (Ctrl-C, a crash) must not leave servers running.
  process.on('disconnect', () => process.exit(0));
  process.send({ ...ready, type: 'ready' });
}

/**
 * Cores busy on the whole machine since `mark` (from /proc/stat; null elsewhere). Compared with
 * the CPU of the benchmark's own processes, it shows when something else was running too.
 */
export function machineMeter(): { mark(): void; read(): number | null } {
  const sample = (): { busy: number; total: number } | null => {
    try {
      const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
      const [, ...fields] = line.trim().split(/\s+/);
      const ticks = fields.slice(0, 8).map(Number);
      const total = ticks.reduce((a, b) => a + b, 0);
      const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
      return { busy: total - idle, total };
    } catch {
      return null;
    }
  };
  let start = sample();
  return {
    mark() {
      start = sample();
    },
    read() {
      const end = sample();
      if (!start || !end || end.total === start.total) return null;
      return ((end.busy - start.busy) / (end.total - start.total)) * cpus().length;
    },
  };
}

/** CPU time of this process since `mark`, as a share of one core over the wall time. */
export function cpuMeter(): { mark(): void; read(): { cpuShare: number; seconds: number } } {
  let cpu = process.cpuUsage();
  let wall = performance.now();
  return {
    mark() {
      cpu = process.cpuUsage();
      wall = performance.now();
    },
    read() {
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - wall) / 1000;
      return { cpuShare: (used.user + used.system) / 1e6 / seconds, seconds };
    },
  };
}
