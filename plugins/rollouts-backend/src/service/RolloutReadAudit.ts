import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { RolloutReadQuery, runAuditedRead } from './auditedRead';
import { RolloutRequestTarget, actorOf } from './RolloutLocator';

/** Where a read came from: the REST request (for the audit), none for MCP. */
export interface ReadOptions {
  httpRequest?: any;
}

/** What one audited read names besides its query type: the entity or rollout, params, success meta. */
export type AuditedReadSubject<T> = Pick<
  Parameters<typeof runAuditedRead<T>>[0],
  'params' | 'successMeta'
> & { entityRef?: string; target?: RolloutRequestTarget };

/**
 * The audit of {@link RolloutsService}'s reads: each read is one
 * low-severity event naming the caller and the entity or rollout
 * (see {@link runAuditedRead}).
 */
export class RolloutReadAudit {
  readonly #auditor: AuditorService;

  constructor(options: { auditor: AuditorService }) {
    this.#auditor = options.auditor;
  }

  run<T>(
    queryType: RolloutReadQuery,
    what: AuditedReadSubject<T>,
    credentials: BackstageCredentials,
    options: ReadOptions,
    body: () => Promise<T>,
  ): Promise<T> {
    const { target } = what;
    return runAuditedRead(
      {
        auditor: this.#auditor,
        queryType,
        actor: actorOf(credentials),
        entityRef: what.entityRef ?? target!.entityRef,
        target,
        params: what.params,
        successMeta: what.successMeta,
        httpRequest: options.httpRequest,
      },
      body,
    );
  }
}
