// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_notification_claims', table => {
    table.comment(
      'Which backend replica sends the notification of a rollout event: the first to insert its row',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table
      .string('event', 512)
      .notNullable()
      .comment(
        'the event: rollout, revision, kind (aborted | degraded) and the instance (status.abortedAt, or the newest condition transition)',
      );
    table.timestamp('claimed_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'event'], {
      indexName: 'rollout_notification_claims_once',
    });
    table.index(['claimed_at'], 'rollout_notification_claims_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_notification_claims');
};
