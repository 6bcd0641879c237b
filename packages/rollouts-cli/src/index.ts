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
}).then(code => {
  process.exitCode = code;
});
