import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  ipRangeSegment,
  userBucketSegment,
  userIdParitySegment,
  userTierSegment,
  type UserSegment,
} from '@gradual/plugin-rollouts-common';

type Preset = 'odd' | 'even' | 'bucket' | 'ip' | 'tier';

const PRESETS: Record<
  Preset,
  {
    label: string;
    parameter?: { label: string; initial: string };
    route: (parameter: string) => string;
    build: (parameter: string, header?: string) => UserSegment;
  }
> = {
  odd: {
    label: 'Odd user ids',
    route: () => 'odd-users',
    build: (_p, header) => userIdParitySegment('odd', header),
  },
  even: {
    label: 'Even user ids',
    route: () => 'even-users',
    build: (_p, header) => userIdParitySegment('even', header),
  },
  bucket: {
    label: 'A share of users (user-id bucket)',
    parameter: { label: 'Share of users (%)', initial: '10' },
    route: p => `users-${p}pct`,
    build: (p, header) => userBucketSegment(Number(p), header),
  },
  ip: {
    label: 'An IP range',
    parameter: { label: 'IPv4 range (CIDR)', initial: '10.0.0.0/8' },
    route: () => 'ip-range',
    build: (p, header) => ipRangeSegment(p, header),
  },
  tier: {
    label: 'A user tier',
    parameter: { label: 'Tier', initial: 'beta' },
    route: p => `tier-${p.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`,
    build: (p, header) => userTierSegment(p, header),
  },
};

const conditionText = (segment: UserSegment) => {
  const m = segment.match;
  if (m.exact !== undefined) return `${segment.header} is ${m.exact}`;
  if (m.prefix !== undefined)
    return `${segment.header} starts with ${m.prefix}`;
  return `${segment.header} matches ${m.regex}`;
};

/**
 * Picks a user segment (user-id bucket, IP range, tier) as the header the edge
 * sets, and hands it over with a route name.
 */
export function SegmentPicker(props: {
  /** What adding does, for the button's label. */
  addLabel: string;
  onAdd: (segment: UserSegment, routeName: string) => void;
}) {
  const [preset, setPreset] = useState<Preset>('odd');
  const [parameter, setParameter] = useState<string>();
  const [header, setHeader] = useState('');
  const chosen = PRESETS[preset];
  const value = parameter ?? chosen.parameter?.initial ?? '';
  const built = useMemo(() => {
    try {
      return { segment: chosen.build(value, header.trim() || undefined) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [chosen, value, header]);

  return (
    <Box
      mt={1}
      p={1}
      border={1}
      borderColor="divider"
      borderRadius={4}
      data-testid="strategy-segment"
      role="group"
      aria-label="User segment"
    >
      <Typography variant="subtitle2">User segment to the canary</Typography>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
      >
        <TextField
          select
          size="small"
          label="Segment"
          value={preset}
          onChange={e => {
            setPreset(e.target.value as Preset);
            setParameter(undefined);
          }}
          SelectProps={{ native: true }}
          inputProps={{
            'data-testid': 'strategy-segment-kind',
            'aria-label': 'Segment',
          }}
        >
          {(Object.keys(PRESETS) as Preset[]).map(p => (
            <option key={p} value={p}>
              {PRESETS[p].label}
            </option>
          ))}
        </TextField>
        {chosen.parameter && (
          <TextField
            size="small"
            label={chosen.parameter.label}
            value={value}
            onChange={e => setParameter(e.target.value)}
            inputProps={{
              'data-testid': 'strategy-segment-parameter',
              'aria-label': chosen.parameter.label,
            }}
          />
        )}
        <TextField
          size="small"
          label="Header (set by the edge)"
          placeholder={built.segment?.header}
          value={header}
          onChange={e => setHeader(e.target.value)}
          inputProps={{
            'data-testid': 'strategy-segment-header',
            'aria-label': 'Header set by the edge',
          }}
        />
        <Button
          size="small"
          variant="outlined"
          color="primary"
          disabled={!built.segment}
          data-testid="strategy-segment-add"
          onClick={() =>
            built.segment && props.onAdd(built.segment, chosen.route(value))
          }
        >
          {props.addLabel}
        </Button>
      </Box>
      <Typography
        variant="caption"
        color={built.error ? 'error' : 'textSecondary'}
        display="block"
        data-testid="strategy-segment-condition"
      >
        {built.segment
          ? `${built.segment.description}: ${conditionText(built.segment)}.`
          : built.error}
      </Typography>
    </Box>
  );
}
