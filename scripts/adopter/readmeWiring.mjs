// The README's install section is the adopter test's script: every code block
// in it carries an HTML comment (invisible on GitHub) that says where it goes,
// and the test applies exactly those blocks to a freshly generated app. A block
// without such a comment fails the test, so the section cannot hold a line the
// test does not run.
//
// Directives (`<!-- adopter-test: ... -->` right before a fenced block):
//   run                              each line is a shell command, run in the app root
//   imports FILE                     the block goes after the last import of FILE
//   insert FILE before `ANCHOR`      the block goes before the first line containing ANCHOR
//   replace FILE from `START` to `END`  the lines from the first containing START
//                                    to the next containing END are replaced by the block
// `app=legacy` before the verb targets the classic frontend instead: the test's
// app has it as packages/app-legacy (generated with `create-app --legacy`), so
// packages/app/ in FILE and in commands means packages/app-legacy/ there.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INSTALL_HEADING =
  '## Installing the plugins into an existing Backstage app';

const DIRECTIVE_RE = /^<!-- adopter-test: (.+?) -->$/;

/** The install section of the README (heading to the next `## `), as lines with numbers. */
export function installSection(readme) {
  const lines = readme.split('\n');
  const start = lines.indexOf(INSTALL_HEADING);
  if (start < 0) throw new Error(`README has no "${INSTALL_HEADING}" section`);
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end < 0) end = lines.length;
  return lines
    .slice(start, end)
    .map((text, i) => ({ text, number: start + i + 1 }));
}

function parseDirective(spec, number) {
  let rest = spec.trim();
  let app = 'new';
  const appMatch = /^app=(new|legacy)\s+/.exec(rest);
  if (appMatch) {
    app = appMatch[1];
    rest = rest.slice(appMatch[0].length);
  }
  let m;
  if (rest === 'run') return { kind: 'run', app };
  if ((m = /^imports (\S+)$/.exec(rest)))
    return { kind: 'imports', app, file: m[1] };
  if ((m = /^insert (\S+) before `([^`]+)`$/.exec(rest)))
    return { kind: 'insert', app, file: m[1], anchor: m[2] };
  if ((m = /^replace (\S+) from `([^`]+)` to `([^`]+)`$/.exec(rest)))
    return { kind: 'replace', app, file: m[1], from: m[2], to: m[3] };
  throw new Error(
    `README line ${number}: unknown adopter-test directive "${spec}"`,
  );
}

/** The wiring steps of the README's install section, in order. */
export function wiringSteps(readme) {
  const lines = installSection(readme);
  const steps = [];
  let pending;
  for (let i = 0; i < lines.length; i++) {
    const { text, number } = lines[i];
    const directive = DIRECTIVE_RE.exec(text.trim());
    if (directive) {
      pending = { ...parseDirective(directive[1], number), line: number };
      continue;
    }
    if (!text.startsWith('```')) continue;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].text.startsWith('```'); j++)
      body.push(lines[j].text);
    if (j === lines.length)
      throw new Error(`README line ${number}: code block is not closed`);
    if (!pending)
      throw new Error(
        `README line ${number}: code block without an adopter-test directive (every block of the install section must be applied by the adopter test)`,
      );
    steps.push({ ...pending, code: body.join('\n') });
    pending = undefined;
    i = j;
  }
  if (pending)
    throw new Error(
      `README line ${pending.line}: adopter-test directive without a code block`,
    );
  return steps;
}

/** Maps a path or command of the README to the test app's frontend package. */
export function forApp(text, app) {
  return app === 'legacy'
    ? text.replace(/packages\/app(?=\/|\s|$)/g, 'packages/app-legacy')
    : text;
}

/** The shell commands of a `run` step, one per line (comments and blank lines dropped). */
export function commandsOf(step) {
  return step.code
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => forApp(l, step.app));
}

/** Applies an edit step (imports / insert / replace) to the app at appDir. */
export function applyEdit(appDir, step) {
  const file = join(appDir, forApp(step.file, step.app));
  const lines = readFileSync(file, 'utf8').split('\n');
  const block = step.code.split('\n');
  const fail = what =>
    new Error(
      `README line ${step.line}: ${what} in ${forApp(step.file, step.app)}`,
    );
  if (step.kind === 'imports') {
    // The end of the last import statement: a line ending with `from '...';` or an `import '...';`.
    let last = -1;
    lines.forEach((l, i) => {
      if (/^(import .*|\} )?from ['"].+['"];?$|^import ['"].+['"];?$/.test(l))
        last = i;
    });
    if (last < 0) throw fail('no import statement');
    lines.splice(last + 1, 0, ...block);
  } else if (step.kind === 'insert') {
    const at = lines.findIndex(l => l.includes(step.anchor));
    if (at < 0) throw fail(`no line containing "${step.anchor}"`);
    const indent = /^\s*/.exec(lines[at])[0];
    lines.splice(at, 0, ...block.map(l => (l ? indent + l : l)));
  } else if (step.kind === 'replace') {
    const from = lines.findIndex(l => l.includes(step.from));
    if (from < 0) throw fail(`no line containing "${step.from}"`);
    const to = lines.findIndex((l, i) => i >= from && l.includes(step.to));
    if (to < 0)
      throw fail(`no line containing "${step.to}" after "${step.from}"`);
    lines.splice(from, to - from + 1, ...block);
  } else {
    throw new Error(`not an edit step: ${step.kind}`);
  }
  writeFileSync(file, lines.join('\n'));
}
