/*
 * A scan that could not read some of its accounts or regions keeps their rows from the previous snapshot,
 * marked stale: the scan names those parts, and each carried row says since when it is stale.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table
      .text('stale_parts')
      .nullable()
      .comment(
        'JSON list of {accountId, region, reason, since, tables}: parts not read, carried from the previous snapshot',
      );
  });
  await knex.schema.alterTable('dynamodb_encryption_tables', table => {
    table
      .boolean('stale')
      .notNullable()
      .defaultTo(false)
      .comment(
        'Carried from an earlier scan because this scan could not read its account or region',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dynamodb_encryption_tables', table => {
    table.dropColumn('stale');
  });
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table.dropColumn('stale_parts');
  });
};
