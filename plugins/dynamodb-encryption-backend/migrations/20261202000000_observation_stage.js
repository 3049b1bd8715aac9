// @ts-check

/**
 * What a running scan has read, table by table, until the whole estate's context is known: the scan keeps
 * only counts in memory and assesses the staged tables a page at a time, so its memory does not grow with
 * the estate. Rows are removed when the scan ends, whatever its outcome.
 * And the accounts a scan covered, with their names (config's, or the organization's), so the dashboard
 * names them from the database rather than by asking AWS; and an index in the fleet table's default order,
 * so its first page is read in order rather than sorted from every table of the scan.
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
  await knex.schema.alterTable('dynamodb_encryption_tables', table => {
    table.index(['scan_id', 'table_name', 'arn']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dynamodb_encryption_tables', table => {
    table.dropIndex(['scan_id', 'table_name', 'arn']);
  });
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table.dropColumn('accounts');
  });
  await knex.schema.dropTable('dynamodb_encryption_observations');
};
