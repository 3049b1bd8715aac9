/*
 * AWS events re-read the tables they touch between scans:
 * - each row says when AWS was read for it (`read_at`), so a row is only ever replaced by a later read, and a
 *   scan finishing after an event keeps the event's newer rows;
 * - the events received (kept a day): the dashboard's freshness, and the tables events deleted, which a scan
 *   started before the deletion must not bring back;
 * - the queue's state: the error of the last receive, shared by every replica.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('dynamodb_encryption_tables', table => {
    table
      .dateTime('read_at', { useTz: true })
      .nullable()
      .comment(
        'When AWS was read for this row: the scan start, or after an event',
      );
  });
  await knex('dynamodb_encryption_tables').update({
    read_at: knex('dynamodb_encryption_scans')
      .select('started_at')
      .where('id', knex.raw('??', ['dynamodb_encryption_tables.scan_id'])),
  });
  await knex.schema.createTable('dynamodb_encryption_events', table => {
    table.comment('AWS events received from the queue, kept a day');
    table.bigIncrements('id').primary();
    table.string('message_id').notNullable().comment('SQS message id');
    table.dateTime('received_at', { useTz: true }).notNullable();
    table.string('outcome', 16).notNullable().comment('applied | ignored');
    table.string('name').nullable().comment('Event name or detail-type');
    table.dateTime('event_time', { useTz: true }).nullable();
    table.string('account_id', 12).nullable();
    table.string('region').nullable();
    table
      .text('deleted_arn')
      .nullable()
      .comment(
        'A table the event found deleted (not brought back by an older scan)',
      );
    table.dateTime('read_at', { useTz: true }).nullable();
    table.text('reason').nullable().comment('Why an event was ignored');
    table.index(['received_at']);
  });
  await knex.schema.createTable('dynamodb_encryption_event_queue', table => {
    table.comment('The events queue as the consumers last found it');
    table.string('queue_url', 1024).primary();
    table.text('error').nullable().comment('JSON {message, cause, since}');
    table.dateTime('checked_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dynamodb_encryption_event_queue');
  await knex.schema.dropTable('dynamodb_encryption_events');
  await knex.schema.alterTable('dynamodb_encryption_tables', table => {
    table.dropColumn('read_at');
  });
};
