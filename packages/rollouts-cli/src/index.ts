/**
 * `gradual`: drive Argo Rollouts through the Gradual portal from CI and
 * terminals, with a Backstage token and no cluster credentials.
 *
 * @packageDocumentation
 */
import { run } from './program';

run(process.argv, {
  env: process.env,
  stdout: text => process.stdout.write(`${text}\n`),
  stderr: text => process.stderr.write(`${text}\n`),
  onInterrupt: handler => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    signals.forEach(s => process.on(s, handler));
    return () => signals.forEach(s => process.off(s, handler));
  },
}).then(code => {
  process.exitCode = code;
});
