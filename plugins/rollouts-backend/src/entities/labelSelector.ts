/** One requirement of a Kubernetes label selector. */
export type LabelRequirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

const KEY =
  /^([a-z0-9A-Z][-a-z0-9A-Z_.]*\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(key: string) {
  if (!KEY.test(key) || key.length > 316)
    throw new Error(`invalid label key '${key}'`);
  return key;
}
function checkValue(value: string) {
  if (!VALUE.test(value) || value.length > 63)
    throw new Error(`invalid label value '${value}'`);
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

/**
 * Parses a label selector string (`a=b,c!=d,e in (f,g),h notin (i),j,!k`),
 * as in `backstage.io/kubernetes-label-selector`. Throws on invalid syntax.
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const term of splitTerms(selector)) {
    let m = term.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/);
    if (m) {
      const values = m[3].split(',').map(v => checkValue(v.trim()));
      requirements.push({
        key: checkKey(m[1]),
        op: m[2] as 'in' | 'notin',
        values,
      });
      continue;
    }
    m = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/);
    if (m) {
      requirements.push({
        key: checkKey(m[1]),
        op: m[2] === '!=' ? 'neq' : 'eq',
        value: checkValue(m[3]),
      });
      continue;
    }
    m = term.match(/^(!?)\s*(\S+)$/);
    if (m) {
      requirements.push({
        key: checkKey(m[2]),
        op: m[1] ? 'notexists' : 'exists',
      });
      continue;
    }
    throw new Error(`invalid label selector term '${term}'`);
  }
  if (!requirements.length) throw new Error('empty label selector');
  return requirements;
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> = {},
): boolean {
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const value = labels[r.key];
    switch (r.op) {
      case 'eq':
        return has && value === r.value;
      case 'neq':
        return !has || value !== r.value;
      case 'in':
        return has && r.values.includes(value);
      case 'notin':
        return !has || !r.values.includes(value);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      default:
        return false;
    }
  });
}
