// @ts-check

/**
 * An action's history row is written `pending` before its first patch and
 * completed after it; `landing_check` keeps what a later reader needs to
 * tell, from the cluster, whether the patch of an action whose replica died
 * in between landed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_action_history', table => {
    table
      .text('landing_check')
      .nullable()
      .comment(
        'JSON of a pending action: the resourceVersion its patches carry and the patches',
      );
    table.index(['outcome', 'at'], 'rollout_action_history_outcome_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_action_history', table => {
    table.dropIndex(['outcome', 'at'], 'rollout_action_history_outcome_idx');
    table.dropColumn('landing_check');
  });
};
