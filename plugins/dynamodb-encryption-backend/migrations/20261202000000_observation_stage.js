// @ts-check

/**
 * What a running scan has read, table by table, until the whole estate's context is known: the scan keeps
 * only counts in memory and assesses the staged tables a page at a time, so its memory does not grow with
 * the estate. Rows are removed when the scan ends, whatever its outcome.
 * And the accounts a scan covered, with their names (config's, or the organization's), so the dashboard
 * names them from the database rather than by asking AWS.
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
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table
      .text('accounts')
      .nullable()
      .comment(
        'JSON list of {accountId, name, regions}: the accounts the scan covered',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table.dropColumn('accounts');
  });
  await knex.schema.dropTable('dynamodb_encryption_observations');
};
