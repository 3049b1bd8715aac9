import {
  CreateTableCommand,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  ACK_ADOPTION,
  AdoptionPreview,
  buildDiscoveredTableEntity,
  DiscoveredTable,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  ackDelta,
  applyAckTable,
  loadFleet,
  renderAckTables,
  sandboxClients,
  sandboxPortalConfig,
  seedFleet,
} from '@internal/sandbox';
import { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  ACCOUNT,
  createRefusedTables,
  edgeTables,
  mutableCatalog,
  readBackTable,
  REFUSED,
  REGION,
} from '../__testUtils__/adoptionFleet';
import { dynamoDbEncryptionPlugin } from '../plugin';
import { freePort, motoRecorder, startMoto } from '../testing/moto';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '../../../..');
const WRITES = /^(Create|Update|Delete|Put|Tag|Untag|Enable|Disable|Restore)/;

describe('Adopt into GitOps, on moto', () => {
  let moto: ChildProcess | undefined;
  afterAll(() => moto?.kill());

  it('adopts every demo and edge table the definitions can declare with no write, refuses the others in words, and the discovered entity goes at the next provider run', async () => {
    const port = await freePort();
    moto = await startMoto(port);
    const endpoint = `http://127.0.0.1:${port}`;
    const recorder = motoRecorder(port);
    const fleet = await loadFleet(resolve(ROOT, 'sandbox/demo-fleet.yaml'));
    await seedFleet(endpoint, fleet);
    const other = await (
      await sandboxClients(endpoint).kms({
        accountId: '222222222222',
        region: REGION,
      })
    ).send(new CreateKeyCommand({}));
    const dynamodb = await sandboxClients(endpoint).dynamodb({
      accountId: ACCOUNT,
      region: REGION,
    });
    const edges = edgeTables({ other: other.KeyMetadata!.Arn! });
    for (const table of edges)
      await dynamodb.send(new CreateTableCommand(table));
    await dynamodb.send(
      new UpdateContinuousBackupsCommand({
        TableName: 'edge-stream-protected',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    await createRefusedTables(endpoint);

    const catalog = mutableCatalog();
    const backend = await startTestBackend({
      features: [
        dynamoDbEncryptionPlugin,
        mockServices.rootConfig.factory({
          data: sandboxPortalConfig(
            resolve(ROOT, 'app-config.sandbox.yaml'),
            endpoint,
          ),
        }),
        catalog.factory,
      ],
    });
    const server = backend.server;
    const user = mockCredentials.user.header();
    const service = mockCredentials.service.header();
    try {
      await request(server)
        .post('/api/dynamodb-encryption/fleet/scans')
        .set('Authorization', user)
        .expect(202);
      for (let i = 0; i < 240; i++) {
        const latest = await request(server)
          .get('/api/dynamodb-encryption/fleet/scans/latest')
          .set('Authorization', user);
        if (latest.body.status === 'complete') break;
        expect(latest.body.status).not.toBe('failed');
        await new Promise(r => setTimeout(r, 250));
      }

      // One provider run: every table no entity declares becomes a discovered entity.
      const providerRun = async () => {
        const { body } = await request(server)
          .get('/api/dynamodb-encryption/fleet/undeclared')
          .set('Authorization', service)
          .expect(200);
        const discovered = (body.tables as DiscoveredTable[]).map(
          t => buildDiscoveredTableEntity(t, 'group:default/unowned') as Entity,
        );
        catalog.set([
          ...catalog.entities.filter(
            e => !e.metadata.annotations?.['dynamodb-encryption.io/discovered'],
          ),
          ...discovered,
        ]);
        return discovered;
      };
      const discovered = await providerRun();
      const adoptable = [
        ...fleet.tables.map(t => ({
          name: t.name,
          accountId: t.account,
          region: t.region,
        })),
        ...edges.map(t => ({
          name: t.TableName!,
          accountId: ACCOUNT,
          region: REGION,
        })),
      ];
      expect(discovered.map(e => e.metadata.title).sort()).toEqual(
        [...adoptable.map(t => t.name), ...REFUSED.map(([n]) => n)].sort(),
      );
      const entityOf = (name: string) =>
        `resource:default/${
          discovered.find(e => e.metadata.title === name)!.metadata.name
        }`;

      const declared: Entity[] = [];
      for (const table of adoptable) {
        await recorder.start();
        const preview: AdoptionPreview = (
          await request(server)
            .post('/api/dynamodb-encryption/adopt/preview')
            .set('Authorization', user)
            .send({ entityRef: entityOf(table.name) })
            .expect(200)
        ).body;
        // The preview only reads.
        expect(
          (await recorder.stop()).filter(r => WRITES.test(r.action)),
        ).toEqual([]);
        expect({ table: table.name, refusals: preview.refusals }).toEqual({
          table: table.name,
          refusals: [],
        });
        expect(preview.gaps.filter(g => g.effect === 'refuses')).toEqual([]);

        // The Application through the chain (cue, kro, the ACK Table) equals the table as ACK reads it back.
        const application = parse(preview.files!.application);
        const [ack] = await renderAckTables(application);
        // The component's adopt reaches the ACK Table as ACK's adoption annotation.
        expect(ack.metadata.annotations?.[ACK_ADOPTION.annotation]).toBe(
          ACK_ADOPTION.policy,
        );
        const latest = await readBackTable(
          endpoint,
          table.accountId,
          table.region,
          table.name,
        );
        const tags = (t: { key: string; value: string }[] = []) =>
          [...t].sort((a, b) => a.key.localeCompare(b.key));
        expect({
          ...ack.spec,
          sseSpecification: undefined,
          tags: tags(ack.spec.tags),
        }).toEqual({
          ...latest,
          sseSpecification: undefined,
          // ACK ignores the capacity DescribeTable shows for an on-demand table.
          provisionedThroughput:
            latest.billingMode === 'PROVISIONED'
              ? latest.provisionedThroughput
              : undefined,
          tags: tags(latest.tags),
        });
        // SSE as ACK compares it: the key by the ARN DescribeTable gives, the AWS managed and owned keys by words.
        expect(ack.spec.sseSpecification).toEqual(
          {
            AWS_OWNED: { enabled: false },
            AWS_MANAGED: { enabled: true, sseType: 'KMS' },
            CUSTOMER_MANAGED: {
              enabled: true,
              sseType: 'KMS',
              kmsMasterKeyID: latest.sseSpecification?.kmsMasterKeyID,
            },
          }[preview.keyType!],
        );
        expect(ackDelta(ack.spec, latest)).toEqual([]);

        // ACK's pass over the existing table: no write call for it in moto's recorder.
        await recorder.start();
        const applied = await applyAckTable(endpoint, table.accountId, ack);
        const writes = (await recorder.stop()).filter(r =>
          WRITES.test(r.action),
        );
        expect({
          table: table.name,
          adopted: applied.adopted,
          writes,
          calls: applied.calls,
        }).toEqual({ table: table.name, adopted: true, writes: [], calls: [] });
        declared.push(parse(preview.files!.catalogInfo));
      }

      for (const [name, reason] of REFUSED) {
        const preview: AdoptionPreview = (
          await request(server)
            .post('/api/dynamodb-encryption/adopt/preview')
            .set('Authorization', user)
            .send({ entityRef: entityOf(name) })
            .expect(200)
        ).body;
        expect(preview.files).toBeUndefined();
        expect(preview.refusals).toEqual([expect.stringMatching(reason)]);
      }

      // The commits reach the catalog: each declared entity carries the ARN the join matches on, its report
      // reads the table, and the next provider run drops exactly the adopted tables' discovered entities.
      catalog.set([...catalog.entities, ...declared]);
      for (const entity of declared) {
        const report = await request(server)
          .get(
            `/api/dynamodb-encryption/entities/default/resource/${entity.metadata.name}/encryption`,
          )
          .set('Authorization', user)
          .expect(200);
        expect(report.body.table.arn).toBe(
          entity.metadata.annotations!['aws.amazon.com/dynamodb-table-arn'],
        );
      }
      const remaining = await providerRun();
      expect(remaining.map(e => e.metadata.title).sort()).toEqual(
        REFUSED.map(([n]) => n).sort(),
      );
      const arns = catalog.entities.map(
        e => e.metadata.annotations?.['aws.amazon.com/dynamodb-table-arn'],
      );
      expect(arns.filter(Boolean).length).toBe(
        new Set(arns.filter(Boolean)).size,
      );
    } finally {
      await backend.stop();
    }
  });
});
