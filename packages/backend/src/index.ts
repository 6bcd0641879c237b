/*
 * The Gradual demo portal's backend: a real Backstage backend hosting the
 * Rollouts plugin next to the upstream Kubernetes plugin, the catalog,
 * scaffolder, permissions, signals, notifications and MCP actions.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for the local portal
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions, with Gradual's demo policy (owners and admins may drive rollouts)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// scaffolder, with the rollouts config actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(import('@gradual/plugin-scaffolder-backend-module-rollouts'));
// publish:gitea (new repositories on the local Git host, integrations.gitea)
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitea'));

// search (in-memory Lunr engine)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// the upstream Kubernetes plugin: adopters run both, and it is our performance baseline
backend.add(import('@backstage/plugin-kubernetes-backend'));

// Gradual: progressive delivery on Argo Rollouts
backend.add(import('@gradual/plugin-rollouts-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// the event bus signals travel on: stored in PostgreSQL when the backend runs
// on it, so a signal published by one replica reaches browsers on every replica
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
