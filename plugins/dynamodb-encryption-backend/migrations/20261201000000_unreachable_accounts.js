// @ts-check

/**
 * Accounts a scan could not reach (their role could not be assumed), reported without failing the scan;
 * and the dashboard summary of a complete scan, computed once instead of on every read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table
      .text('unreachable_accounts')
      .nullable()
      .comment('JSON list of {accountId, roleArn, error}');
    table
      .text('summary')
      .nullable()
      .comment('JSON dashboard summary, computed once when the scan completed');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dynamodb_encryption_scans', table => {
    table.dropColumn('unreachable_accounts');
    table.dropColumn('summary');
  });
};
