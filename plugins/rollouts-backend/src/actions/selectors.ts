/**
 * A Kubernetes LabelSelector object (`spec.selector`) as a selector string
 * for a list call. matchExpressions are rendered too (In, NotIn, Exists,
 * DoesNotExist).
 */
export function matchLabelsSelector(selector: any): string {
  const terms: string[] = [];
  for (const [k, v] of Object.entries<string>(selector?.matchLabels ?? {})) {
    terms.push(`${k}=${v}`);
  }
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    switch (e.operator) {
      case 'In':
        terms.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        terms.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        terms.push(e.key);
        break;
      case 'DoesNotExist':
        terms.push(`!${e.key}`);
        break;
      default:
        break;
    }
  }
  return terms.join(',');
}
