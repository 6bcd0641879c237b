import { useEffect, useMemo, useState } from 'react';
import type {
  RolloutDetail,
  StrategyOptionsResponse,
  StrategySpec,
} from '@gradual/plugin-rollouts-common';
import type { StrategyKind } from './applyDisabledReason';

/** The preset select's value for "the live strategy". */
export const CURRENT = '__current__';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/**
 * The strategy being edited: its kind, the preset it started from and the
 * spec. Starts from the live strategy (or the platform default) once the
 * options are loaded; choosing a kind or preset replaces the spec.
 */
export function useStrategyDraft(
  detail: RolloutDetail,
  loaded: StrategyOptionsResponse | undefined,
) {
  const [kind, setKind] = useState<StrategyKind>(detail.strategy);
  const [preset, setPreset] = useState<string>(CURRENT);
  const [spec, setSpec] = useState<StrategySpec>();

  useEffect(() => {
    if (loaded && spec === undefined) {
      if (loaded.current) {
        setSpec(clone(loaded.current));
        setKind(loaded.current.strategy);
      } else {
        const first = loaded.presets.find(p => p.name === loaded.defaultPreset);
        if (first) {
          setPreset(first.name);
          setSpec(clone(first.spec));
          setKind(first.spec.strategy);
        }
      }
    }
  }, [loaded, spec]);

  const presetsOfKind = useMemo(
    () => (loaded?.presets ?? []).filter(p => p.spec.strategy === kind),
    [loaded, kind],
  );

  const choosePreset = (name: string) => {
    setPreset(name);
    if (name === CURRENT) {
      if (loaded?.current) setSpec(clone(loaded.current));
      return;
    }
    const chosen = loaded?.presets.find(p => p.name === name);
    if (chosen) setSpec(clone(chosen.spec));
  };

  const chooseKind = (next: StrategyKind) => {
    setKind(next);
    if (next === 'recreate') return;
    if (loaded?.current?.strategy === next) {
      choosePreset(CURRENT);
      return;
    }
    const first =
      loaded?.presets.find(
        p => p.name === loaded.defaultPreset && p.spec.strategy === next,
      ) ?? loaded?.presets.find(p => p.spec.strategy === next);
    if (first) {
      choosePreset(first.name);
    } else {
      setPreset('');
      setSpec(
        next === 'canary'
          ? { strategy: 'canary', steps: [{ setWeight: 10 }, { pause: {} }] }
          : { strategy: 'blueGreen', autoPromotionEnabled: false },
      );
    }
  };

  return {
    kind,
    preset,
    spec,
    presetsOfKind,
    choosePreset,
    chooseKind,
    setSpec,
  };
}
