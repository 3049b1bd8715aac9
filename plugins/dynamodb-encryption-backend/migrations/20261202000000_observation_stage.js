// @ts-check

/**
 * What a running scan has read, table by table, until the whole estate's context is known: the scan keeps
 * only counts in memory and assesses the staged tables a page at a time, so its memory does not grow with
 * the estate. Rows are removed when the scan ends, whatever its outcome.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dynamodb_encryption_observations', table => {
    table.increments('id');
    table
      .integer('scan_id')
      .notNullable()
      .comment('The running scan that read the table');
    table
      .text('body')
      .notNullable()
      .comment('JSON {observation, awsTags}: what AWS answered for the table');
    table.index(['scan_id', 'id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dynamodb_encryption_observations');
};
