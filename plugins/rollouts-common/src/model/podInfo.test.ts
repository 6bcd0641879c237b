import { getPodInfo } from './podInfo';
import type { KubeObject } from './kubeObjects';

function pod(
  status: any,
  spec: any = { containers: [{ name: 'app' }] },
  metadata: any = {},
): KubeObject {
  return { metadata: { name: 'p', ...metadata }, spec, status };
}

describe('getPodInfo', () => {
  it('shows a running pod as Running with its ready count', () => {
    const info = getPodInfo(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 2, state: { running: {} } },
        ],
      }),
    );
    expect(info).toMatchObject({
      status: 'Running',
      ready: '1/1',
      restarts: 2,
    });
  });

  it('shows the waiting reason of a container', () => {
    const info = getPodInfo(
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            state: { waiting: { reason: 'ImagePullBackOff' } },
          },
        ],
      }),
    );
    expect(info).toMatchObject({ status: 'ImagePullBackOff', ready: '0/1' });
  });

  it('shows a terminated container without reason by exit code or signal', () => {
    expect(
      getPodInfo(
        pod({
          phase: 'Failed',
          containerStatuses: [{ state: { terminated: { exitCode: 3 } } }],
        }),
      ).status,
    ).toBe('ExitCode:3');
    expect(
      getPodInfo(
        pod({
          phase: 'Failed',
          containerStatuses: [
            { state: { terminated: { exitCode: 137, signal: 9 } } },
          ],
        }),
      ).status,
    ).toBe('Signal:9');
  });

  it('reports init containers', () => {
    const spec = {
      initContainers: [{ name: 'init' }, { name: 'init2' }],
      containers: [{ name: 'app' }],
    };
    expect(
      getPodInfo(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [{ name: 'init', state: { running: {} } }],
          },
          spec,
        ),
      ).status,
    ).toBe('Init:0/2');
    expect(
      getPodInfo(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              { name: 'init', state: { terminated: { exitCode: 0 } } },
              {
                name: 'init2',
                restartCount: 4,
                state: { waiting: { reason: 'CrashLoopBackOff' } },
              },
            ],
          },
          spec,
        ),
      ),
    ).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: 4 });
  });

  it('turns Completed back into Running while a container still runs', () => {
    const info = getPodInfo(
      pod(
        {
          phase: 'Running',
          containerStatuses: [
            { name: 'app', ready: true, state: { running: {} } },
            {
              name: 'job',
              ready: false,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
        { containers: [{ name: 'app' }, { name: 'job' }] },
      ),
    );
    expect(info).toMatchObject({ status: 'Running', ready: '1/2' });
  });

  it('shows Terminating for a pod being deleted, Unknown on a lost node', () => {
    expect(
      getPodInfo(
        pod({ phase: 'Running' }, undefined, {
          deletionTimestamp: '2024-01-01T00:00:00Z',
        }),
      ).status,
    ).toBe('Terminating');
    expect(
      getPodInfo(
        pod({ phase: 'Running', reason: 'NodeLost' }, undefined, {
          deletionTimestamp: '2024-01-01T00:00:00Z',
        }),
      ).status,
    ).toBe('Unknown');
  });
});
