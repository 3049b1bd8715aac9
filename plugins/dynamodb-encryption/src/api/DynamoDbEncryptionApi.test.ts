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

  it('fetches the fleet CSV with the filters on screen, never a page of it, and surfaces a refusal', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(new Response('arn\n'))
      .mockResolvedValueOnce(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'no fleet.read' },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
      );
    const client = new DynamoDbEncryptionClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/dynamodb-encryption',
      },
      fetchApi: { fetch },
    });
    const response = await client.fetchFleetCsv({
      owner: 'group:default/a&b',
      keyType: 'CUSTOMER_MANAGED',
      cursor: 50,
      limit: 25,
    });
    expect(await response.text()).toBe('arn\n');
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/dynamodb-encryption/fleet/export.csv?owner=group%3Adefault%2Fa%26b&keyType=CUSTOMER_MANAGED',
    );
    await expect(client.fetchFleetCsv({})).rejects.toThrow(/no fleet.read|403/);
  });

  it('asks for an adoption preview with the entity in a JSON body, and surfaces a refusal', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(new Response(JSON.stringify({ refusals: [] })))
      .mockResolvedValueOnce(
        new Response(
          JSON.stringify({
            error: { name: 'InputError', message: 'Invalid entityRef: x' },
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
      );
    const client = new DynamoDbEncryptionClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/dynamodb-encryption',
      },
      fetchApi: { fetch },
    });
    expect(await client.previewAdoption('resource:default/t')).toEqual({
      refusals: [],
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/dynamodb-encryption/adopt/preview',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRef: 'resource:default/t' }),
      },
    );
    await expect(client.previewAdoption('x')).rejects.toThrow(
      /Invalid entityRef: x|400/,
    );
  });

  it('asks for a key change preview with the request in a JSON body, and surfaces a 400', async () => {
    const fetch = jest
      .fn()
      .mockResolvedValueOnce(new Response(JSON.stringify({ diff: '' })))
      .mockResolvedValueOnce(
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'Invalid kmsKeyArn: required for a customer managed key',
            },
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
      );
    const client = new DynamoDbEncryptionClient({
      discoveryApi: {
        getBaseUrl: async () => 'http://backend/api/dynamodb-encryption',
      },
      fetchApi: { fetch },
    });
    const request = {
      entityRef: 'resource:default/orders',
      keyChoice: 'AWS_MANAGED' as const,
    };
    expect(await client.previewKeyChange(request)).toEqual({ diff: '' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/dynamodb-encryption/key-change/preview',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
    await expect(
      client.previewKeyChange({ ...request, keyChoice: 'CUSTOMER_MANAGED' }),
    ).rejects.toThrow(/required for a customer managed key|400/);
  });
});
