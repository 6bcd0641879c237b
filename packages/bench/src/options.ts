/**
 * The options of `yarn bench` (see `--help`), and where the repository is.
 */
import path from 'node:path';

export interface Options {
  sizes: number[];
  clusters: number[];
  samples: number;
  /** Per side and configuration: stop sampling views after this (min 5 samples). */
  viewBudgetSeconds: number;
  warmup: number;
  propagationAt: number;
  propagationSamples: number;
  promoteSamples: number;
  memoryRollouts: number;
  reconcileMinutes: number;
  entityRollouts: number;
  out: string;
  keep: boolean;
  /** Write the figures into README.md's Performance section (full runs only). */
  readme: boolean;
  /** Only the scenarios against the Argo Rollouts dashboard (merged into the results file). */
  peerOnly: boolean;
  /** Only the Deliveries page scenario at max(clusters) × max(sizes) (merged into the results file). */
  deliveriesOnly: boolean;
  /** Only the view and propagation with 1 and 2 backend replicas (processes on PostgreSQL), merged into the results file. */
  replicasOnly: boolean;
  /** Only the memory scenario (10k replicas-0 rollouts; no managed rollouts), merged into the results file. */
  memoryOnly: boolean;
  /** Skip the dashboard scenarios in a full run. */
  peer: boolean;
  peerRollouts: number;
  peerSamples: number;
  peerStreamSamples: number;
  peerPropagationSamples: number;
  /** CPU-profile the views of the peer scenario into this directory. */
  cpuProfileDir?: string;
}

// A CLI run from source (bin/bench), never bundled.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export function parseOptions(argv: string[]): Options {
  const o: Options = {
    sizes: [20, 200, 1000],
    clusters: [1, 10],
    samples: 30,
    viewBudgetSeconds: 60,
    warmup: 3,
    propagationAt: 200,
    propagationSamples: 30,
    promoteSamples: 20,
    memoryRollouts: 10_000,
    reconcileMinutes: 6,
    entityRollouts: 10,
    out: path.join(REPO_ROOT, 'bench/results/latest.json'),
    keep: false,
    readme: true,
    peerOnly: false,
    deliveriesOnly: false,
    replicasOnly: false,
    memoryOnly: false,
    peer: true,
    peerRollouts: 1000,
    peerSamples: 10,
    peerStreamSamples: 3,
    peerPropagationSamples: 30,
  };
  const list = (v: string) =>
    v
      .split(',')
      .map(Number)
      .filter(n => Number.isInteger(n) && n > 0);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--sizes':
        o.sizes = list(value());
        break;
      case '--clusters':
        o.clusters = list(value());
        break;
      case '--samples':
        o.samples = Number(value());
        break;
      case '--view-budget-seconds':
        o.viewBudgetSeconds = Number(value());
        break;
      case '--warmup':
        o.warmup = Number(value());
        break;
      case '--propagation-at':
        o.propagationAt = Number(value());
        break;
      case '--propagation-samples':
        o.propagationSamples = Number(value());
        break;
      case '--promote-samples':
        o.promoteSamples = Number(value());
        break;
      case '--memory-rollouts':
        o.memoryRollouts = Number(value());
        break;
      case '--reconcile-minutes':
        o.reconcileMinutes = Number(value());
        break;
      case '--out':
        o.out = path.resolve(value());
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--no-readme':
        o.readme = false;
        break;
      case '--peer-only':
        o.peerOnly = true;
        break;
      case '--deliveries-only':
        o.deliveriesOnly = true;
        break;
      case '--replicas-only':
        o.replicasOnly = true;
        break;
      case '--no-peer':
        o.peer = false;
        break;
      case '--peer-rollouts':
        o.peerRollouts = Number(value());
        break;
      case '--peer-samples':
        o.peerSamples = Number(value());
        break;
      case '--peer-stream-samples':
        o.peerStreamSamples = Number(value());
        break;
      case '--peer-propagation-samples':
        o.peerPropagationSamples = Number(value());
        break;
      case '--memory-only':
        o.memoryOnly = true;
        break;
      case '--cpu-profile':
        o.cpuProfileDir = path.resolve(value());
        break;
      case '--quick':
        Object.assign(o, {
          readme: false,
          sizes: [20, 200],
          samples: 10,
          propagationSamples: 10,
          promoteSamples: 5,
          memoryRollouts: 1000,
        });
        break;
      case '--help':
        process.stdout.write(
          'yarn bench [--quick] [--deliveries-only] [--sizes 20,200,1000] [--clusters 1,10] [--samples 30] [--view-budget-seconds 60] [--propagation-at 200]\n' +
            '           [--propagation-samples 30] [--promote-samples 20] [--memory-rollouts 10000] [--reconcile-minutes 6] [--out FILE] [--keep] [--no-readme]\n' +
            '           [--peer-only] [--no-peer] [--peer-rollouts 1000] [--peer-samples 10] [--peer-stream-samples 3] [--peer-propagation-samples 30]\n' +
            '           [--cpu-profile DIR] [--memory-only] [--replicas-only]\n',
        );
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        throw new Error(`unknown option ${argv[i]} (see --help)`);
    }
  }
  o.sizes.sort((a, b) => a - b);
  return o;
}
