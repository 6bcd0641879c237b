/*
 * yarn cluster up | down | status | reset | logs [component] | kubeconfig
 *              | git-host [--env] | demo deploy <service> <tag> | exporter (internal)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { loadConfig, logPath, statePaths } from '../config';
import { DEMO_SERVICES, DemoService } from '../demo/manifests';
import { demoImage, setRolloutImage } from '../demo/setImage';
import { runExporter } from '../exporter/exporter';
import { clientsFromKubeconfig } from '../kube/clients';
import { GITEA_COMPONENT, isGiteaReady } from '../components/gitea';
import { gitHostEnv } from '../gitea/gitHostEnv';
import { gitHostInfo } from '../gitea/localGitHost';
import { COMPONENTS, down, reset, status, up } from '../lifecycle';
import { stopProcess } from '../process/supervisor';

const USAGE = `usage: yarn cluster <command>
  up                          build (first time), start and seed the cluster
  down                        stop the processes the cluster started
  status                      state of every component
  reset                       down, then delete all state (etcd data, certs, logs)
  restart <component>         stop one component, then up (starts what is missing)
  logs [component]            print a component's log (no component: list logs)
  kubeconfig [--backstage]    print the admin (or Backstage service account) kubeconfig path
  git-host [--env]            print the local Git host (--env: its test environment, with the admin token)
  demo deploy <service> <tag> set the image of a demo rollout (like kubectl argo rollouts set image)
components: ${COMPONENTS.map(c => c.name).join(', ')}`;

function flag(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return args.find(a => a.startsWith(prefix))?.slice(prefix.length);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const config = loadConfig();
  const paths = statePaths(config);
  switch (command) {
    case 'up': {
      const info = await up({ config });
      console.log(`kubeconfig:  ${info.kubeconfigPath}`);
      console.log(`backstage:   ${info.backstageKubeconfigPath}`);
      console.log(`apiserver:   ${info.server}`);
      console.log(`prometheus:  ${info.prometheusUrl}`);
      if (info.gitHost) {
        console.log(`gitea:       ${info.gitHost.url}`);
        console.log(`gitea-org:   ${info.gitHost.org}`);
      } else if (info.gitHostError) {
        console.log(`gitea:       not running (${info.gitHostError})`);
      }
      console.log(
        `try: kubectl --kubeconfig ${info.kubeconfigPath} get rollouts -A`,
      );
      return 0;
    }
    case 'down':
      await down({ config });
      return 0;
    case 'reset':
      await reset({ config });
      return 0;
    case 'restart': {
      const component = args[0];
      if (!COMPONENTS.some(c => c.name === component)) {
        console.error(`unknown component ${component ?? ''}\n${USAGE}`);
        return 2;
      }
      await stopProcess(config, component);
      await up({ config });
      return 0;
    }
    case 'status': {
      const rows = await status(config);
      for (const s of rows) {
        let state = 'stopped';
        if (s.ready) state = 'ready';
        else if (s.running) state = 'running, not ready';
        console.log(
          `${s.name.padEnd(24)} ${state.padEnd(20)} ${
            s.pid ? `pid ${s.pid} since ${s.startedAt}` : ''
          }`,
        );
      }
      return rows.every(s => s.ready) ? 0 : 1;
    }
    case 'kubeconfig': {
      const file = args.includes('--backstage')
        ? paths.backstageKubeconfig
        : paths.adminKubeconfig;
      if (!fs.existsSync(file)) {
        console.error(`${file} does not exist yet; run: yarn cluster up`);
        return 1;
      }
      console.log(file);
      return 0;
    }
    case 'git-host': {
      const host = gitHostInfo(config);
      if (!host || !(await isGiteaReady(config))) {
        console.error(
          'the local Git host is not running; run: yarn cluster up',
        );
        return 1;
      }
      if (args.includes('--env')) {
        console.log(gitHostEnv(host));
      } else {
        console.log(`gitea:       ${host.url}`);
        console.log(`gitea-org:   ${host.org}`);
        console.log(`gitea-user:  ${host.username}`);
      }
      return 0;
    }
    case 'logs': {
      const component = args[0];
      if (!component) {
        for (const c of COMPONENTS)
          console.log(`${c.name.padEnd(24)} ${logPath(config, c.name)}`);
        return 0;
      }
      if (
        component !== GITEA_COMPONENT &&
        !COMPONENTS.some(c => c.name === component)
      ) {
        console.error(`unknown component ${component}\n${USAGE}`);
        return 2;
      }
      const tail = spawn(
        'tail',
        [
          '-n',
          '200',
          ...(args.includes('-f') ? ['-f'] : []),
          logPath(config, component),
        ],
        {
          stdio: 'inherit',
        },
      );
      return new Promise(resolve =>
        tail.on('close', code => resolve(code ?? 1)),
      );
    }
    case 'demo': {
      const [sub, service, tag] = args;
      if (sub !== 'deploy' || !service || !tag) {
        console.error(USAGE);
        return 2;
      }
      if (!DEMO_SERVICES.includes(service as DemoService)) {
        console.error(
          `unknown demo service ${service}; one of ${DEMO_SERVICES.join(', ')}`,
        );
        return 2;
      }
      const image = demoImage(service, tag);
      await setRolloutImage(clientsFromKubeconfig(paths.adminKubeconfig), {
        namespace: flag(args, 'namespace') ?? config.demoNamespace,
        rollout: service,
        container: service,
        image,
      });
      console.log(`rollout "${service}" image updated to ${image}`);
      return 0;
    }
    case 'exporter': {
      const listen =
        flag(args, 'listen') ?? `${config.host}:${config.ports.exporter}`;
      const [host, port] = listen.split(':');
      const exporter = await runExporter({
        kubeconfig: flag(args, 'kubeconfig') ?? paths.adminKubeconfig,
        host,
        port: Number(port),
      });
      await new Promise<void>(resolve => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      await exporter.stop();
      return 0;
    }
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  error => {
    console.error(`[cluster] ${error?.stack ?? error}`);
    process.exit(1);
  },
);
