import { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { SWRConfig } from 'swr';
import type { RenderResult } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { rolloutsApiRef, type RolloutsApi } from '../api';
import {
  actionHistory,
  canaryDetail,
  blueGreenDetail,
  entity as defaultEntity,
  entityRollouts,
  strategyOptions,
  strategyPlanFor,
} from './fixtures';

export type MockRolloutsApi = {
  [K in keyof RolloutsApi]: jest.Mock & RolloutsApi[K];
};

/** A rollouts API answering from the fixtures. */
export function createMockRolloutsApi(
  overrides: Partial<Record<keyof RolloutsApi, jest.Mock>> = {},
): MockRolloutsApi {
  const api = {
    getEntityRollouts: jest.fn(async () => entityRollouts),
    getRollout: jest.fn(async (_entity: unknown, ref: { name: string }) =>
      ref.name === blueGreenDetail.name ? blueGreenDetail : canaryDetail,
    ),
    runAction: jest.fn(async () => ({ rollout: canaryDetail })),
    getActionHistory: jest.fn(async () => actionHistory),
    getStrategyOptions: jest.fn(async () => strategyOptions),
    changeStrategy: jest.fn(
      async (_entity: unknown, _ref: unknown, request: any) => ({
        ...strategyPlanFor(request.spec),
        applied: !request.dryRun,
        dryRun: Boolean(request.dryRun),
      }),
    ),
    ...overrides,
  };
  return api as unknown as MockRolloutsApi;
}

export interface RenderOptions {
  api?: MockRolloutsApi;
  entity?: Entity;
  /** 'deny' denies every permission; a function decides per permission name. */
  permission?: 'allow' | 'deny' | ((name: string) => boolean);
  extraApis?: any[];
  initialRouteEntries?: string[];
}

/** Renders `element` inside a test app, for the given entity, with mocked APIs. */
export function renderWithEntity(
  element: ReactElement,
  options: RenderOptions = {},
): RenderResult & {
  api: MockRolloutsApi;
  alertApi: ReturnType<typeof mockApis.alert>;
} {
  const api = options.api ?? createMockRolloutsApi();
  const alertApi = mockApis.alert();
  const decide = options.permission ?? 'allow';
  const permissionApi = mockApis.permission({
    authorize: request => {
      const allowed =
        typeof decide === 'function'
          ? decide(request.permission.name)
          : decide === 'allow';
      return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    },
  });
  const result = renderInTestApp(
    // a fresh permission cache per test (usePermission caches with SWR)
    <SWRConfig value={{ provider: () => new Map() }}>
      <EntityProvider entity={options.entity ?? defaultEntity}>
        {element}
      </EntityProvider>
    </SWRConfig>,
    {
      apis: [
        [rolloutsApiRef, api],
        permissionApi,
        alertApi,
        ...(options.extraApis ?? []),
      ] as any,
      initialRouteEntries: options.initialRouteEntries,
    },
  );
  return { ...result, api, alertApi };
}
