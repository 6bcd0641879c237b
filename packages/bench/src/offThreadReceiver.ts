/**
 * A bench client's receiving end on its own thread, as a browser's is in its
 * own process: a worker opens the WebSocket or reads the streamed response,
 * and timestamps each message (process.hrtime, the same monotonic clock on
 * every thread) the moment its own event loop gets it. The backend under
 * test runs on the main thread of this process; received there, a message
 * would also wait for whatever else the backend was doing (the other copies
 * of the change, the controller's follow-up writes), which a browser does
 * not. Messages reach the caller later, with their receive time.
 */
import { Worker } from 'node:worker_threads';

export type OffThreadSource =
  /** A WebSocket; `send` goes out once it is open. */
  | { kind: 'websocket'; url: string; protocols?: string[]; send?: string }
  /** A streamed HTTP response, one message per non-empty line. */
  | { kind: 'lines'; url: string };

type FromWorker =
  | { type: 'open' }
  | { type: 'error'; message: string }
  | { type: 'message'; at: bigint; text: string };

// Plain CommonJS for an eval'd worker: Node's own WebSocket and fetch.
const WORKER_SOURCE = `
const { parentPort, workerData: source } = require('node:worker_threads');
const post = m => parentPort.postMessage(m);
if (source.kind === 'websocket') {
  const ws = source.protocols
    ? new WebSocket(source.url, source.protocols)
    : new WebSocket(source.url);
  ws.addEventListener('open', () => {
    if (source.send) ws.send(source.send);
    post({ type: 'open' });
  });
  ws.addEventListener('error', () => post({ type: 'error', message: 'WebSocket error' }));
  ws.addEventListener('message', ev => {
    const at = process.hrtime.bigint();
    post({ type: 'message', at, text: String(ev.data) });
  });
} else {
  (async () => {
    const res = await fetch(source.url);
    if (!res.ok || !res.body) throw new Error(source.url + ': ' + res.status);
    post({ type: 'open' });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body) {
      const at = process.hrtime.bigint();
      buffered += decoder.decode(chunk, { stream: true });
      const lines = buffered.split('\\n');
      buffered = lines.pop() ?? '';
      for (const line of lines)
        if (line.trim()) post({ type: 'message', at, text: line });
    }
  })().catch(e => post({ type: 'error', message: String(e) }));
}
`;

export class OffThreadReceiver {
  readonly #worker: Worker;
  /** Settles when the source is open (or fails to open). */
  readonly opened: Promise<void>;

  constructor(
    source: OffThreadSource,
    onMessage: (at: bigint, text: string) => void,
  ) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: source,
    });
    this.opened = new Promise<void>((resolve, reject) => {
      this.#worker.on('message', (m: FromWorker) => {
        if (m.type === 'open') resolve();
        else if (m.type === 'error') reject(new Error(m.message));
        else onMessage(m.at, m.text);
      });
      this.#worker.on('error', reject);
      this.#worker.on('exit', code =>
        reject(new Error(`the receiving thread exited (${code})`)),
      );
    });
    // A failure after opening is seen by the caller as messages stopping.
    this.opened.catch(() => {});
  }

  close(): Promise<number> {
    return this.#worker.terminate();
  }
}
