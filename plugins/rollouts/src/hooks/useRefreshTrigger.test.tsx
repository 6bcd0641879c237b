import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import {
  POLL_INTERVAL_MS,
  SIGNALS_SAFETY_POLL_MS,
  useRefreshTrigger,
} from './useRefreshTrigger';

const ENTITY_REF = 'component:default/User-Service';

function signalsMock() {
  const listeners = new Map<string, (message: any) => void>();
  const api: SignalApi = {
    subscribe: jest.fn((channel, onMessage) => {
      listeners.set(channel, onMessage);
      return { unsubscribe: () => listeners.delete(channel) };
    }),
  };
  return { api, listeners };
}

describe('useRefreshTrigger', () => {
  afterEach(() => jest.useRealTimers());

  it('bumps on every signal of the entity channel', () => {
    const { api, listeners } = signalsMock();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(() => useRefreshTrigger(ENTITY_REF), {
      wrapper,
    });
    expect(result.current).toEqual({ trigger: 0, live: true });
    expect(api.subscribe).toHaveBeenCalledWith(
      'rollouts:component:default/user-service',
      expect.any(Function),
    );

    act(() =>
      listeners.get('rollouts:component:default/user-service')!({
        type: 'rollouts-changed',
        entityRef: ENTITY_REF,
        rollouts: [],
      }),
    );
    expect(result.current.trigger).toBe(1);
  });

  it('polls every 10 seconds when signals are unavailable', () => {
    jest.useFakeTimers();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(() => useRefreshTrigger(ENTITY_REF), {
      wrapper,
    });
    expect(result.current).toEqual({ trigger: 0, live: false });
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS));
    expect(result.current.trigger).toBe(1);
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS * 2));
    expect(result.current.trigger).toBe(3);
  });

  it('polls slowly as a safety net when signals are available', () => {
    jest.useFakeTimers();
    const { api } = signalsMock();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, api]]}>{children}</TestApiProvider>
    );
    const { result } = renderHook(() => useRefreshTrigger(ENTITY_REF), {
      wrapper,
    });
    act(() => jest.advanceTimersByTime(POLL_INTERVAL_MS));
    expect(result.current.trigger).toBe(0);
    act(() => jest.advanceTimersByTime(SIGNALS_SAFETY_POLL_MS));
    expect(result.current.trigger).toBe(1);
  });
});
