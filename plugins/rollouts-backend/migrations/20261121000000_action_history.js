// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollout_action_history', table => {
    table.comment('Every action attempted on a rollout through Gradual');
    table.bigIncrements('id').primary();
    table
      .timestamp('at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .string('actor', 255)
      .notNullable()
      .comment('User or service entity ref');
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.string('action', 32).notNullable();
    table.text('params').nullable().comment('JSON of the request parameters');
    table
      .string('outcome', 16)
      .notNullable()
      .comment('succeeded | failed | conflict | denied');
    table.text('message').nullable();
    table.integer('before_step').nullable();
    table.string('before_revision', 20).nullable();
    table.integer('after_step').nullable();
    table.string('after_revision', 20).nullable();
    table.index(
      ['cluster', 'namespace', 'name', 'at'],
      'rollout_action_history_rollout_idx',
    );
    table.index(['entity_ref', 'at'], 'rollout_action_history_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollout_action_history');
};
