/*
 * The strategy guide, shown wherever a strategy is chosen: in the scaffolder
 * template "Add progressive delivery to a service" and in the change-strategy
 * dialog of the Rollouts tab. Markdown, so both can render it.
 */

export const STRATEGY_GUIDE_MARKDOWN = `
## Choosing a delivery strategy

| | Canary | Blue-green | Recreate |
|---|---|---|---|
| How it works | The new version gets a growing share of traffic (for example 10% → 25% → 50% → 100%), checked by analysis between steps | The new version runs complete beside the old one behind a preview Service; one switch moves all traffic | The old pods are stopped, then the new ones start |
| Who sees a bad version | Only the canary share (or the header segment) | Nobody before promotion (only testers of the preview); everybody after | Everybody, after downtime |
| Rollback | Abort: traffic goes back to stable within seconds; the canary pods scale down | Abort before promotion costs nothing; after promotion, switch back instantly while the old ReplicaSet is kept (\`scaleDownDelaySeconds\`) | Redeploy the old version: minutes, with downtime |
| Extra capacity | A few canary pods | Twice the pods while both versions run | None |
| Good for | Stateless HTTP services with enough traffic for metrics to mean something | Services that cannot mix versions for one user, or that need a full test of the new version before any user sees it | Development namespaces only |

**Recreate is not progressive delivery.** It has downtime and no analysis, so Gradual does not generate it and the policies flag it outside development namespaces. Use it only where a short outage does not matter.

### Canary
- Start small: the first step should send at most 25% of the traffic (platform policy may enforce a lower limit).
- Put an **analysis** step (success rate, error rate, p99 latency, or the canary judge) after each pause, before raising the weight. A pause without analysis only waits; a pause without a duration waits for a person to promote.
- **Segments**: with nginx, requests carrying a header (for example \`X-Canary: always\`, a user tier or a user id bucket that your edge sets as a header) can be sent to the canary at any weight. Route by IP range or user id at the edge by setting such a header.
- Low-traffic services: metrics of a 10% canary may be empty. Prefer longer pauses, the canary judge (which reports *marginal* instead of guessing), or blue-green.

### Blue-green
- \`autoPromotionEnabled: false\` waits for a person; automatic promotion should always have a **pre-promotion analysis**.
- Keep the old version for at least 30 seconds after the switch (\`scaleDownDelaySeconds\`) so that clients and load balancers drain, and longer if you want an instant switch back.
- Needs twice the capacity during a release.

### Database changes
Both versions run at the same time during every progressive release, and a rollback puts the old code back on the new schema. Therefore:
- **Expand, never drop**: add columns and tables in one release; write code that works with both the old and the new schema; remove old columns only in a later release, after no running version reads them.
- **No schema rollback**: rolling back the application never rolls back a migration. Migrations must be backwards compatible with the previous version of the code.
- Run migrations before the rollout starts (a pre-deploy job), not from the new pods at start-up, so that an aborted canary does not leave a half-migrated database.
`.trim();
