// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_delivery_transitions', table => {
    table.comment(
      'Transitions of rollouts observed by the watch cache (delivery metrics)',
    );
    table.bigIncrements('id').primary();
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.string('rollout_uid', 64).notNullable();
    table.string('revision', 20).notNullable();
    table
      .string('kind', 16)
      .notNullable()
      .comment('started | paused | promoted | aborted | completed');
    table
      .integer('step')
      .notNullable()
      .defaultTo(-1)
      .comment('step index of paused / promoted; -1 otherwise');
    table
      .string('reason', 32)
      .nullable()
      .comment(
        'started: rollback; aborted: analysis | manual | progress-deadline; paused / promoted: manual | timed',
      );
    table.text('detail').nullable();
    table.string('actor', 255).nullable();
    table
      .string('kubernetes_id', 63)
      .nullable()
      .comment('backstage.io/kubernetes-id label of the rollout');
    table
      .text('labels')
      .notNullable()
      .comment('JSON of the rollout labels, for entity selectors');
    // Several backend replicas observe the same transition: one row each.
    table.unique(
      ['cluster', 'namespace', 'rollout_uid', 'revision', 'kind', 'step'],
      { indexName: 'rollout_delivery_transitions_once' },
    );
    table.index(['at'], 'rollout_delivery_transitions_at_idx');
    table.index(
      ['kubernetes_id', 'at'],
      'rollout_delivery_transitions_kid_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_delivery_transitions');
};
