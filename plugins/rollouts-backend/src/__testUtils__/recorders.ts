/*
 * What the plugin under test logs and audits, kept: a root logger that keeps
 * every line and an auditor that records every event, both serialized (to
 * read them, and to scan them for secrets).
 */
import {
  AuditorService,
  AuditorServiceEvent,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

export interface CapturedLine {
  level: string;
  message: string;
  meta: string;
}

function serialize(value: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(value ?? null, (_k, v) => {
    if (v instanceof Error) {
      return {
        name: v.name,
        message: v.message,
        stack: v.stack,
        ...(v as any),
      };
    }
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    if (typeof v === 'bigint') return String(v);
    return v;
  });
}

/** A root logger that keeps every line of every plugin (all levels), with its metadata serialized. */
export class CapturingRootLogger implements RootLoggerService {
  constructor(
    readonly lines: CapturedLine[] = [],
    readonly fields: Record<string, unknown> = {},
  ) {}
  #log(level: string, message: string, meta?: unknown) {
    this.lines.push({
      level,
      message: String(message),
      meta: serialize({ ...this.fields, meta }),
    });
  }
  error(message: string, meta?: Error | JsonObject) {
    this.#log('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.#log('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.#log('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.#log('debug', message, meta);
  }
  child(meta: JsonObject): CapturingRootLogger {
    return new CapturingRootLogger(this.lines, { ...this.fields, ...meta });
  }
  text(): string {
    return this.lines.map(l => `${l.level} ${l.message} ${l.meta}`).join('\n');
  }
}

export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta: string;
  outcome?: 'success' | 'fail';
  outcomeMeta?: string;
}

/** An auditor that records each event and its outcome (serialized, to scan it for secrets). */
export class RecordingAuditor implements AuditorService {
  readonly events: RecordedAuditEvent[] = [];
  async createEvent(
    options: Parameters<AuditorService['createEvent']>[0],
  ): Promise<AuditorServiceEvent> {
    const event: RecordedAuditEvent = {
      eventId: options.eventId,
      severityLevel: options.severityLevel,
      meta: serialize(options.meta),
    };
    this.events.push(event);
    return {
      success: async (o?: { meta?: JsonObject }) => {
        event.outcome = 'success';
        event.outcomeMeta = serialize(o?.meta);
      },
      fail: async (o: { meta?: JsonObject; error: Error }) => {
        event.outcome = 'fail';
        event.outcomeMeta = serialize({ meta: o.meta, error: o.error });
      },
    };
  }
  text(): string {
    return this.events
      .map(e => `${e.eventId} ${e.meta} ${e.outcome} ${e.outcomeMeta}`)
      .join('\n');
  }
}
