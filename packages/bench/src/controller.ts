/**
 * A second instance of the real Argo Rollouts controller (the binary the
 * local cluster runs), started by the bench for one namespace and one
 * instance id, with a higher client QPS than the shared controller's
 * default 40, so 10k rollouts are reconciled in minutes. The shared
 * controller ignores rollouts carrying the instance-id label; this one only
 * sees them. Nothing is emulated: it is the same controller doing its job.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { status } from '@gradual/local-cluster';
import { waitFor } from './kube';
import { freePort } from './freePort';

export interface BenchController {
  description: string;
  qps: number;
  logFile: string;
  stop(): Promise<void>;
}

function healthy(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/healthz', timeout: 2000 },
      res => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** The binary of the running shared controller (from its process). */
async function controllerBinary(): Promise<string> {
  const components = await status();
  const pid = components.find(c => c.name === 'rollouts-controller')?.pid;
  if (!pid) throw new Error('the local cluster runs no rollouts-controller');
  const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
  return path.isAbsolute(argv0) ? argv0 : fs.readlinkSync(`/proc/${pid}/exe`);
}

export async function startBenchController(options: {
  namespace: string;
  instanceId: string;
  kubeconfig: string;
  qps?: number;
  log: (line: string) => void;
}): Promise<BenchController> {
  const qps = options.qps ?? 150;
  const binary = await controllerBinary();
  const healthzPort = await freePort();
  const metricsPort = await freePort();
  const logFile = path.join(
    os.tmpdir(),
    `${options.instanceId}-controller.log`,
  );
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    binary,
    [
      `--kubeconfig=${options.kubeconfig}`,
      '--leader-elect=false',
      '--namespaced',
      // --namespaced watches the kubeconfig's namespace; -n overrides it.
      `--namespace=${options.namespace}`,
      `--instance-id=${options.instanceId}`,
      `--healthzPort=${healthzPort}`,
      `--metricsport=${metricsPort}`,
      `--qps=${qps}`,
      `--burst=${qps * 2}`,
      '--rollout-threads=20',
      '--loglevel=warn',
    ],
    {
      stdio: ['ignore', out, out],
      env: { ...process.env, POD_NAMESPACE: options.namespace },
    },
  );
  fs.closeSync(out);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitFor(
      `the bench controller to be healthy (log: ${logFile})`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`exited with ${child.exitCode}; see ${logFile}`);
        return healthy(healthzPort);
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  options.log(
    `  started a second Argo Rollouts controller (pid ${child.pid}, --namespaced ${options.namespace}, --instance-id=${options.instanceId}, --qps=${qps})`,
  );
  return {
    description: `a second instance of the real Argo Rollouts controller (${path.basename(
      binary,
    )}, --namespaced, --instance-id, --qps=${qps})`,
    qps,
    logFile,
    stop,
  };
}
