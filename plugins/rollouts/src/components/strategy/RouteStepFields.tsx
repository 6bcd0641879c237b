import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import DeleteIcon from '@material-ui/icons/Delete';
import type {
  HeaderRouteMatch,
  SetHeaderRouteStep,
  SetMirrorRouteStep,
  StringMatch,
} from '@gradual/plugin-rollouts-common';

type MatchKind = 'exact' | 'prefix' | 'regex';

const kindOf = (match: StringMatch): MatchKind =>
  (['exact', 'prefix', 'regex'] as const).find(k => match[k] !== undefined) ??
  'exact';

const valueOf = (match: StringMatch) => match[kindOf(match)] ?? '';

function StringMatchField(props: {
  match: StringMatch;
  onChange: (match: StringMatch) => void;
  label: string;
  testId: string;
}) {
  const { match, onChange, label, testId } = props;
  const kind = kindOf(match);
  return (
    <>
      <TextField
        select
        size="small"
        label="Match"
        value={kind}
        onChange={e => onChange({ [e.target.value]: valueOf(match) })}
        SelectProps={{ native: true }}
        inputProps={{
          'aria-label': `${label}: match kind`,
          'data-testid': `${testId}-kind`,
        }}
      >
        <option value="exact">is</option>
        <option value="prefix">starts with</option>
        <option value="regex">matches regex</option>
      </TextField>
      <TextField
        size="small"
        label="Value"
        value={valueOf(match)}
        onChange={e => onChange({ [kind]: e.target.value })}
        inputProps={{
          'aria-label': `${label}: value`,
          'data-testid': `${testId}-value`,
        }}
      />
    </>
  );
}

function RouteNameField(props: {
  name: string;
  onChange: (name: string) => void;
  n: number;
  testId: string;
}) {
  return (
    <TextField
      size="small"
      label="Route"
      value={props.name}
      onChange={e => props.onChange(e.target.value.trim())}
      inputProps={{
        'aria-label': `Step ${props.n}: managed route name`,
        'data-testid': `${props.testId}-route`,
      }}
    />
  );
}

/**
 * A header route step: the managed route's name and the header conditions
 * (all must hold); without conditions the step removes the route.
 */
export function HeaderRouteFields(props: {
  step: SetHeaderRouteStep;
  index: number;
  onChange: (step: SetHeaderRouteStep) => void;
}) {
  const { step, index, onChange } = props;
  const n = index + 1;
  const testId = `strategy-step-${index}`;
  const route = step.setHeaderRoute;
  const matches = route.match ?? [];
  const setMatches = (next: HeaderRouteMatch[]) =>
    onChange({
      setHeaderRoute: {
        name: route.name,
        ...(next.length ? { match: next } : {}),
      },
    });
  return (
    <Box display="flex" flexDirection="column" flex={1} style={{ gap: 4 }}>
      <RouteNameField
        name={route.name}
        n={n}
        testId={testId}
        onChange={name => onChange({ setHeaderRoute: { ...route, name } })}
      />
      {matches.map((m, j) => (
        <Box key={j} display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            size="small"
            label="Header"
            value={m.headerName}
            onChange={e =>
              setMatches(
                matches.map((x, k) =>
                  k === j ? { ...x, headerName: e.target.value.trim() } : x,
                ),
              )
            }
            inputProps={{
              'aria-label': `Step ${n}, condition ${j + 1}: header`,
              'data-testid': `${testId}-match-${j}-header`,
            }}
          />
          <StringMatchField
            label={`Step ${n}, condition ${j + 1}`}
            testId={`${testId}-match-${j}`}
            match={m.headerValue}
            onChange={headerValue =>
              setMatches(
                matches.map((x, k) => (k === j ? { ...x, headerValue } : x)),
              )
            }
          />
          <IconButton
            size="small"
            aria-label={`Remove condition ${j + 1} of step ${n}`}
            onClick={() => setMatches(matches.filter((_, k) => k !== j))}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Box>
      ))}
      <Box>
        <Button
          size="small"
          data-testid={`${testId}-add-match`}
          onClick={() =>
            setMatches([
              ...matches,
              { headerName: 'X-User-Tier', headerValue: { exact: 'beta' } },
            ])
          }
        >
          Add header condition
        </Button>
        {matches.length === 0 && (
          <span style={{ fontSize: '0.8em' }}>
            No condition: this step removes the route.
          </span>
        )}
      </Box>
    </Box>
  );
}

/**
 * A mirror route step: the managed route's name, the share of matching
 * requests copied to the canary and a method / path condition.
 */
export function MirrorRouteFields(props: {
  step: SetMirrorRouteStep;
  index: number;
  onChange: (step: SetMirrorRouteStep) => void;
}) {
  const { step, index, onChange } = props;
  const n = index + 1;
  const testId = `strategy-step-${index}`;
  const route = step.setMirrorRoute;
  const first = route.match?.[0] ?? {};
  const setFirst = (next: typeof first) => {
    const cleaned = Object.fromEntries(
      Object.entries(next).filter(([, v]) => v && Object.values(v)[0] !== ''),
    );
    const rest = route.match?.slice(1) ?? [];
    const match = Object.keys(cleaned).length ? [cleaned, ...rest] : rest;
    onChange({
      setMirrorRoute: {
        name: route.name,
        ...(route.percentage !== undefined
          ? { percentage: route.percentage }
          : {}),
        ...(match.length ? { match } : {}),
      },
    });
  };
  return (
    <Box display="flex" alignItems="center" flex={1} style={{ gap: 8 }}>
      <RouteNameField
        name={route.name}
        n={n}
        testId={testId}
        onChange={name => onChange({ setMirrorRoute: { ...route, name } })}
      />
      <TextField
        size="small"
        type="number"
        label="Mirror (%)"
        value={route.percentage ?? ''}
        onChange={e =>
          onChange({
            setMirrorRoute: {
              ...route,
              percentage:
                e.target.value === '' ? undefined : Number(e.target.value),
            },
          })
        }
        inputProps={{
          min: 0,
          max: 100,
          'aria-label': `Step ${n}: share of matching requests mirrored, in percent`,
          'data-testid': `${testId}-percentage`,
        }}
      />
      <TextField
        size="small"
        label="Method"
        value={first.method?.exact ?? ''}
        onChange={e =>
          setFirst({ ...first, method: { exact: e.target.value.trim() } })
        }
        inputProps={{
          'aria-label': `Step ${n}: HTTP method (exact)`,
          'data-testid': `${testId}-method`,
        }}
      />
      <TextField
        size="small"
        label="Path prefix"
        value={first.path?.prefix ?? ''}
        onChange={e =>
          setFirst({ ...first, path: { prefix: e.target.value.trim() } })
        }
        inputProps={{
          'aria-label': `Step ${n}: path prefix`,
          'data-testid': `${testId}-path`,
        }}
      />
    </Box>
  );
}
