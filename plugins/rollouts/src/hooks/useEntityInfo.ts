import { useMemo } from 'react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityName } from '../api';

/** The current entity's ref string (for permissions and signals) and route name. */
export function useEntityInfo(): { entityRef: string; entityName: EntityName } {
  const { entity } = useEntity();
  return useMemo(
    () => ({
      entityRef: stringifyEntityRef(entity),
      entityName: getCompoundEntityRef(entity),
    }),
    [entity],
  );
}
