/*
 * A long-running component of the local cluster: how to start it and how to
 * tell that it is ready.
 */
import { Binaries } from '../binaries';
import { ClusterConfig } from '../config';
import { StartOptions } from '../process/supervisor';

export interface ComponentContext {
  config: ClusterConfig;
  binaries: Binaries;
  adminToken: string;
}

export interface Component {
  name: string;
  start(ctx: ComponentContext): StartOptions;
  /** Resolves true when the component is ready to serve. */
  isReady(
    ctx: Pick<ComponentContext, 'config' | 'adminToken'>,
  ): Promise<boolean>;
  /** Generous bound for becoming ready after start. */
  readyTimeoutMs: number;
}
