import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { KubeApiError } from './KubeClient';
import { toHttpError } from './kubeErrors';

const kube = (status: number | undefined, message = 'boom') =>
  new KubeApiError('prod', message, status);

describe('toHttpError', () => {
  it('maps Kubernetes answers to the HTTP errors of the API', () => {
    expect(toHttpError(kube(409))).toBeInstanceOf(ConflictError);
    expect(
      toHttpError(
        kube(422, 'the server rejected our request: testing value /a failed'),
      ),
    ).toBeInstanceOf(ConflictError);
    expect(toHttpError(kube(404))).toBeInstanceOf(NotFoundError);
    expect(toHttpError(kube(403)).message).toMatch(/RBAC/);
    expect(toHttpError(kube(403))).toBeInstanceOf(NotAllowedError);
    expect(toHttpError(kube(400))).toBeInstanceOf(InputError);
    expect(toHttpError(kube(422, 'spec.replicas: invalid'))).toBeInstanceOf(
      InputError,
    );
    const unavailable = toHttpError(kube(undefined, 'ECONNREFUSED'));
    expect(unavailable).toBeInstanceOf(ServiceUnavailableError);
    expect(unavailable.message).toBe('cluster prod: ECONNREFUSED');
  });

  it('passes other errors through', () => {
    const e = new InputError('bad');
    expect(toHttpError(e)).toBe(e);
    expect(toHttpError('text').message).toBe('text');
  });
});
