import path from 'node:path';
import { parseOptions, REPO_ROOT } from './options';

describe('parseOptions', () => {
  it('defaults to the full run, its results in bench/results/latest.json', () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({
      sizes: [20, 200, 1000],
      clusters: [1, 10],
      memoryRollouts: 10_000,
      peer: true,
      readme: true,
    });
    expect(o.out).toBe(path.join(REPO_ROOT, 'bench/results/latest.json'));
  });

  it('takes values after the flag or after =, sorts sizes and drops the ones that are not counts', () => {
    const o = parseOptions([
      '--sizes',
      '1000,x,20,-3,200',
      '--samples=7',
      '--out=/tmp/b.json',
      '--no-peer',
    ]);
    expect(o.sizes).toEqual([20, 200, 1000]);
    expect(o.samples).toBe(7);
    expect(o.out).toBe('/tmp/b.json');
    expect(o.peer).toBe(false);
  });

  it('--quick is smaller and never writes the README', () => {
    expect(parseOptions(['--quick'])).toMatchObject({
      readme: false,
      sizes: [20, 200],
      samples: 10,
      memoryRollouts: 1000,
    });
  });

  it('rejects an unknown option, naming it', () => {
    expect(() => parseOptions(['--size', '20'])).toThrow(
      'unknown option --size (see --help)',
    );
  });
});
