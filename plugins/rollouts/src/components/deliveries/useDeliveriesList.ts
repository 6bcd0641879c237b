import { useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DeliveriesQuery,
  DeliveriesResponse,
} from '@gradual/plugin-rollouts-common';
import { rolloutsApiRef } from '../../api';
import { useLiveResource } from '../../hooks';

export const DEFAULT_PAGE_SIZE = 50;

/** The offset of the last page, for a list of `total` rows. */
export const lastPageOffset = (total: number, limit: number) =>
  Math.max(0, Math.floor((total - 1) / limit) * limit);

/**
 * The deliveries list's query (filters, sort, page) and its live result.
 * The search text is debounced into the query; any other change of the
 * query (`update`) goes back to the first page. `value` keeps the previous
 * page on screen while the next one loads, and a list that shrank under the
 * current page (live updates) moves to its last page.
 */
export function useDeliveriesList(trigger: number) {
  const api = useApi(rolloutsApiRef);
  const [query, setQuery] = useState<DeliveriesQuery>({
    limit: DEFAULT_PAGE_SIZE,
  });
  const [text, setText] = useState('');
  useDebounce(
    () =>
      setQuery(q =>
        (q.q ?? '') === text.trim()
          ? q
          : { ...q, q: text.trim() || undefined, offset: 0 },
      ),
    300,
    [text],
  );
  const update = (patch: Partial<DeliveriesQuery>) =>
    setQuery(q => ({ ...q, offset: 0, ...patch }));
  const goToPage = (page: number) =>
    setQuery(q => ({
      ...q,
      offset: page * (q.limit ?? DEFAULT_PAGE_SIZE),
    }));
  const list = useLiveResource(
    `deliveries:${JSON.stringify(query)}`,
    () => api.getDeliveries(query),
    trigger,
  );
  // The previous page stays on screen (filters keep their focus) while the
  // next page, filter or sort loads.
  const shown = useRef<DeliveriesResponse>();
  if (list.value) shown.current = list.value;
  const value = list.value ?? shown.current;
  // Live updates can shrink the list under the current page: go to its last page.
  useEffect(() => {
    const v = list.value;
    if (v && v.total > 0 && v.offset >= v.total)
      setQuery(q => ({ ...q, offset: lastPageOffset(v.total, v.limit) }));
  }, [list.value]);
  return { query, update, goToPage, text, setText, list, value };
}
