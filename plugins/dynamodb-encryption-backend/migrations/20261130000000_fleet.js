// @ts-check

/**
 * Fleet scans and the tables each one found.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dynamodb_encryption_scans', table => {
    table.increments('id').primary();
    table.string('status').notNullable().comment('running, complete or failed');
    table.timestamp('started_at').notNullable();
    table.timestamp('finished_at').nullable();
    table
      .integer('total')
      .notNullable()
      .defaultTo(0)
      .comment('tables found so far');
    table
      .integer('done')
      .notNullable()
      .defaultTo(0)
      .comment('tables read so far');
    table.integer('aws_requests').notNullable().defaultTo(0);
    table
      .text('errors')
      .nullable()
      .comment('JSON list of per account-region errors');
    table.index(['status', 'id']);
  });
  await knex.schema.createTable('dynamodb_encryption_tables', table => {
    table
      .integer('scan_id')
      .notNullable()
      .references('id')
      .inTable('dynamodb_encryption_scans')
      .onDelete('CASCADE');
    table.string('arn', 512).notNullable();
    table.string('account_id', 12).notNullable();
    table.string('region', 32).notNullable();
    table.string('table_name', 255).notNullable();
    table.string('key_type', 32).notNullable();
    table.string('kms_key_arn', 512).nullable();
    table.string('owner', 255).nullable();
    table.string('entity_ref', 512).nullable();
    table.double('monthly_usd').notNullable().defaultTo(0);
    table.boolean('rotation_enabled').nullable();
    table.string('max_severity', 16).nullable();
    table
      .text('finding_ids')
      .notNullable()
      .defaultTo('')
      .comment('space-separated, with spaces around, for filtering');
    table.text('row').notNullable().comment('JSON of the full row');
    table.primary(['scan_id', 'arn']);
    table.index(['scan_id', 'key_type']);
    table.index(['scan_id', 'account_id', 'region']);
    table.index(['scan_id', 'owner']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dynamodb_encryption_tables');
  await knex.schema.dropTable('dynamodb_encryption_scans');
};
