import {
  BackstageServicePrincipal,
  PermissionsService,
  PermissionsServiceRequestOptions,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizePermissionRequest,
  AuthorizePermissionResponse,
  AuthorizeResult,
  QueryPermissionRequest,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import {
  analysisDryRunPermission,
  rolloutsPermissions,
} from '@gradual/plugin-rollouts-common';
import {
  GrantedAction,
  ServicePrincipalGrant,
  isDryRunGranted,
  isGrantedOnEntity,
} from './servicePrincipalGrants';

const ROLLOUT_PERMISSION_NAMES = new Set(rolloutsPermissions.map(p => p.name));

/**
 * A permission request that may name the rollout action it is asked for
 * (`RolloutLocator.authorize` does): service-principal grants are per
 * action, while actions share permissions (`promote`, `promote-full`,
 * `skip-step` and `resume` are all `rollouts.rollout.promote`). The action
 * never reaches the wrapped service or the policy.
 */
export type RolloutPermissionRequest = AuthorizePermissionRequest & {
  rolloutAction?: GrantedAction;
};

const withoutAction = ({
  rolloutAction: _,
  ...request
}: RolloutPermissionRequest): AuthorizePermissionRequest =>
  request as AuthorizePermissionRequest;

/**
 * The rollouts permissions for service principals.
 *
 * Backstage never asks the permission policy about a service principal: its
 * `PermissionsService` decides from the token's `accessRestrictions` alone,
 * so any external-access token limited to `plugin: rollouts` could otherwise
 * run every action on every entity. This wrapper keeps that decision (a
 * restriction still denies) and, for the rollouts permissions, adds the
 * grants of `rollouts.servicePrincipals`: allowed only when a grant of the
 * subject covers the entity and the action (see
 * {@link RolloutPermissionRequest}). Deny by default.
 *
 * Users go to the policy unchanged; Backstage's own plugins (subjects
 * `plugin:<id>`) keep the framework's service-to-service trust.
 */
export class ServicePrincipalPermissions implements PermissionsService {
  readonly #inner: PermissionsService;
  readonly #grants: ServicePrincipalGrant[];
  readonly #loadEntity: (ref: string) => Promise<Entity | undefined>;

  constructor(options: {
    inner: PermissionsService;
    grants: ServicePrincipalGrant[];
    /** The entity a resource permission is asked about (read with the plugin's own credentials). */
    loadEntity: (ref: string) => Promise<Entity | undefined>;
  }) {
    this.#inner = options.inner;
    this.#grants = options.grants;
    this.#loadEntity = options.loadEntity;
  }

  async authorize(
    requests: RolloutPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    const decisions = await this.#inner.authorize(
      requests.map(withoutAction),
      options,
    );
    const subject = externalSubject(options);
    if (subject === undefined) return decisions;
    return Promise.all(
      requests.map(async (request, i) => {
        const decision = decisions[i];
        if (
          decision.result !== AuthorizeResult.ALLOW ||
          !ROLLOUT_PERMISSION_NAMES.has(request.permission.name)
        ) {
          return decision;
        }
        return (await this.#granted(subject, request))
          ? decision
          : { result: AuthorizeResult.DENY };
      }),
    );
  }

  async authorizeConditional(
    requests: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    const decisions = await this.#inner.authorizeConditional(requests, options);
    const subject = externalSubject(options);
    if (subject === undefined) return decisions;
    // Without a resource there is nothing to match a grant against.
    return decisions.map((d, i) =>
      ROLLOUT_PERMISSION_NAMES.has(requests[i].permission.name)
        ? { result: AuthorizeResult.DENY }
        : d,
    );
  }

  async #granted(
    subject: string,
    request: RolloutPermissionRequest,
  ): Promise<boolean> {
    if (request.permission.name === analysisDryRunPermission.name) {
      return isDryRunGranted(this.#grants, subject);
    }
    const ref = (request as { resourceRef?: string }).resourceRef;
    if (!ref) return false;
    if (!this.#grants.some(g => g.subject === subject)) return false;
    const entity = await this.#loadEntity(ref);
    return isGrantedOnEntity(
      this.#grants,
      subject,
      { permission: request.permission.name, action: request.rolloutAction },
      entity,
    );
  }
}

/** The subject of a non-plugin service principal, else undefined. */
function externalSubject(
  options: PermissionsServiceRequestOptions,
): string | undefined {
  const principal = options?.credentials?.principal as
    | BackstageServicePrincipal
    | { type: string };
  if (principal?.type !== 'service') return undefined;
  const subject = (principal as BackstageServicePrincipal).subject;
  return subject.startsWith('plugin:') ? undefined : subject;
}
