import {
  durationSeconds,
  formatSeconds,
  humanDuration,
  parseGoDuration,
} from './durations';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (k8s duration.HumanDuration)', () => {
  it.each([
    [-5 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [9 * M + 5 * S, '9m5s'],
    [179 * M, '179m'],
    [3 * H + 59 * M + 59 * S, '3h59m'],
    [5 * H, '5h'],
    [47 * H, '47h'],
    [7 * D + 500, '7d'],
    [3 * D + 4 * H, '3d4h'],
    [400 * D, '400d'],
    [800 * D, '2y70d'],
    [3000 * D, '8y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('parseGoDuration / durationSeconds', () => {
  it('parses Go durations', () => {
    expect(parseGoDuration('10s')).toBe(10 * S);
    expect(parseGoDuration('1h30m')).toBe(90 * M);
    expect(parseGoDuration('1.5h')).toBe(90 * M);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('ten seconds')).toBeUndefined();
  });

  it('reads pause durations like RolloutPause.DurationSeconds', () => {
    expect(durationSeconds(30)).toBe(30);
    expect(durationSeconds('30')).toBe(30);
    expect(durationSeconds('2m')).toBe(120);
    expect(durationSeconds('soon')).toBeUndefined();
  });

  it('formats seconds compactly', () => {
    expect(formatSeconds(3600 + 5)).toBe('1h5s');
    expect(formatSeconds(600)).toBe('10m');
  });
});
