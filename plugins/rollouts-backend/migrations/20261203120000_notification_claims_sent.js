// @ts-check

/**
 * A claim records when its notification went out: a claim never marked
 * sent (its replica stopped or failed before sending) may be taken over by
 * another replica once its lease has run out.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rollout_notification_claims', table => {
    table
      .timestamp('sent_at', { useTz: true })
      .nullable()
      .comment(
        'when the claimant sent the notification; null while it is being sent (or was never sent)',
      );
  });
  // Claims made before this column were sent (or given up on) long ago.
  await knex('rollout_notification_claims').update({
    sent_at: knex.ref('claimed_at'),
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rollout_notification_claims', table => {
    table.dropColumn('sent_at');
  });
};
