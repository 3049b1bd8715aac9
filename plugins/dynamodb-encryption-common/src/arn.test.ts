import {
  consoleUrls,
  formatTableArn,
  isAwsManagedDynamoDbAlias,
  parseKmsKeyReference,
  parseTableArn,
  keyAccountIdOf,
  keyIdOf,
} from './arn';

describe('parseTableArn', () => {
  it('reads partition, region, account and name', () => {
    expect(
      parseTableArn('arn:aws:dynamodb:eu-west-1:111111111111:table/orders'),
    ).toEqual({
      arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/orders',
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '111111111111',
      tableName: 'orders',
    });
    expect(
      parseTableArn(
        'arn:aws-us-gov:dynamodb:us-gov-west-1:111111111111:table/a.b_c-d',
      )?.partition,
    ).toBe('aws-us-gov');
  });

  it.each([
    'arn:aws:dynamodb:us-east-1:1111:table/orders',
    'arn:aws:s3:us-east-1:111111111111:table/orders',
    'arn:aws:dynamodb:us-east-1:111111111111:table/orders/stream/2020',
    'arn:aws:dynamodb:us-east-1:111111111111:table/o',
    'orders',
    '',
  ])('refuses %j', arn => {
    expect(parseTableArn(arn)).toBeUndefined();
  });

  it('round-trips with formatTableArn', () => {
    const arn = formatTableArn({
      region: 'us-east-1',
      accountId: '222222222222',
      tableName: 'invoices',
    });
    expect(parseTableArn(arn)?.tableName).toBe('invoices');
  });
});

describe('parseKmsKeyReference', () => {
  const uuid = '12345678-1234-1234-1234-123456789012';
  const mrk = `mrk-${'a'.repeat(32)}`;

  it('recognises all five forms', () => {
    expect(parseKmsKeyReference(uuid)).toEqual({
      form: 'keyId',
      keyId: uuid,
      multiRegion: false,
    });
    expect(parseKmsKeyReference(mrk)).toEqual({
      form: 'keyId',
      keyId: mrk,
      multiRegion: true,
    });
    expect(
      parseKmsKeyReference(`arn:aws:kms:us-east-1:111111111111:key/${uuid}`),
    ).toMatchObject({
      form: 'keyArn',
      keyId: uuid,
      region: 'us-east-1',
      accountId: '111111111111',
    });
    expect(
      parseKmsKeyReference(`arn:aws:kms:eu-west-1:111111111111:key/${mrk}`),
    ).toMatchObject({
      form: 'keyArn',
      multiRegion: true,
    });
    expect(parseKmsKeyReference('alias/orders-data')).toEqual({
      form: 'aliasName',
      aliasName: 'alias/orders-data',
    });
    expect(
      parseKmsKeyReference(
        'arn:aws:kms:us-east-1:111111111111:alias/orders-data',
      ),
    ).toMatchObject({
      form: 'aliasArn',
      aliasName: 'alias/orders-data',
      accountId: '111111111111',
    });
  });

  it.each([
    '',
    'alias/',
    'orders',
    'key/abc',
    `arn:aws:kms:us-east-1:111111111111:key/not-a-uuid`,
    'alias/has space',
  ])('refuses %j', ref => {
    expect(parseKmsKeyReference(ref)).toBeUndefined();
  });

  it('recognises the AWS managed DynamoDB key by alias name and alias ARN only', () => {
    expect(isAwsManagedDynamoDbAlias('alias/aws/dynamodb')).toBe(true);
    expect(
      isAwsManagedDynamoDbAlias(
        'arn:aws:kms:us-east-1:111111111111:alias/aws/dynamodb',
      ),
    ).toBe(true);
    expect(isAwsManagedDynamoDbAlias('alias/aws/dynamodb-copy')).toBe(false);
    expect(isAwsManagedDynamoDbAlias(uuid)).toBe(false);
  });
});

describe('consoleUrls', () => {
  it('encodes the parts it puts into URLs', () => {
    const table = parseTableArn(
      'arn:aws:dynamodb:us-east-1:111111111111:table/a.b',
    )!;
    const urls = consoleUrls(
      table,
      'arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012',
    );
    expect(urls.table).toContain('name=a.b');
    expect(urls.key).toContain(
      '/kms/keys/12345678-1234-1234-1234-123456789012',
    );
    expect(consoleUrls(table, 'alias/x').key).toBeUndefined();
  });
});

describe('keyAccountIdOf', () => {
  it('names the account of a key or alias ARN, and none for an id or alias name', () => {
    expect(
      keyAccountIdOf(
        'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ),
    ).toBe('222222222222');
    expect(
      keyAccountIdOf('arn:aws:kms:eu-west-1:333333333333:alias/orders'),
    ).toBe('333333333333');
    expect(keyAccountIdOf('alias/orders')).toBeUndefined();
    expect(
      keyAccountIdOf('1234abcd-12ab-34cd-56ef-1234567890ab'),
    ).toBeUndefined();
    expect(keyAccountIdOf(undefined)).toBeUndefined();
  });
});

describe('keyIdOf', () => {
  it('names the key id of a key ARN or a bare id, and none for an alias', () => {
    expect(
      keyIdOf(
        'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      ),
    ).toBe('1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(keyIdOf('1234abcd-12ab-34cd-56ef-1234567890ab')).toBe(
      '1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    expect(
      keyIdOf('arn:aws:kms:eu-west-1:333333333333:alias/orders'),
    ).toBeUndefined();
    expect(keyIdOf('alias/orders')).toBeUndefined();
    expect(keyIdOf(undefined)).toBeUndefined();
  });
});
