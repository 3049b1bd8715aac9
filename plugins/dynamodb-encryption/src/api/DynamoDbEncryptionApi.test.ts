import { DynamoDbEncryptionClient } from './DynamoDbEncryptionApi';

describe('DynamoDbEncryptionClient', () => {
  it('encodes every path part and surfaces backend errors', async () => {
    const fetch = jest.fn().mockResolvedValue(
      new Response(
        JSON.stringify({ error: { name: 'NotFoundError', message: 'gone' } }),
        {
          status: 404,
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    const client = new DynamoDbEncryptionClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/dynamodb-encryption',
      },
      fetchApi: { fetch },
    });
    await expect(
      client.getEncryptionReport({
        namespace: 'a/b',
        kind: 'resource',
        name: '../x?y',
      }),
    ).rejects.toThrow(/gone|404/);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/dynamodb-encryption/entities/a%2Fb/resource/..%2Fx%3Fy/encryption',
    );
  });
});
