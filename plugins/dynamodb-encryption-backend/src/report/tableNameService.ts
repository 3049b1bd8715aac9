import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DYNAMODB_TABLE_ARN_ANNOTATION,
  DYNAMODB_TABLE_RESOURCE_TYPE,
  FieldError,
  formatTableArn,
  isKubernetesName,
  kubernetesNameForTable,
  parseTableArn,
  TableNameCheck,
  tableNameProblem,
} from '@dynamodb-encryption/backstage-plugin-common';
import {
  AwsClientFactory,
  AwsTarget,
  isAccessDenied,
  isNotFound,
} from '@dynamodb-encryption/backstage-plugin-node';

const problem = (message: string): FieldError => ({
  field: 'tableName',
  message,
});

/**
 * Checks a new table's name before the form creates it: the shared name rule, AWS (DescribeTable answers
 * "not found" in the account and region), the catalog (no entity of that name or ARN) and the derived
 * Kubernetes name (valid, and no other table's). The catalog is read with the plugin's own credentials: a
 * name is taken even when the caller cannot see the entity that took it.
 */
export function createTableNameService(deps: {
  clients: AwsClientFactory;
  catalog: CatalogService;
  auth: AuthService;
}) {
  async function inAws(target: AwsTarget, tableName: string) {
    const dynamodb = await deps.clients.dynamodb(target);
    try {
      await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      return {
        problem: problem(
          `a table named ${tableName} already exists in ${target.accountId}/${target.region}`,
        ),
      };
    } catch (e) {
      if (isNotFound(e)) return {};
      const why = isAccessDenied(e)
        ? 'the portal may not call dynamodb:DescribeTable there'
        : (e as Error).message;
      return {
        unverified: `AWS was not asked successfully in ${target.accountId}/${target.region} (${why}); the task fails if the table exists`,
      };
    }
  }

  async function inCatalog(
    target: AwsTarget,
    tableName: string,
    kubernetesName: string,
  ): Promise<FieldError[]> {
    const arn = formatTableArn({ ...target, tableName });
    const { items } = await deps.catalog.getEntities(
      {
        filter: [
          { kind: 'Resource', 'metadata.name': tableName },
          {
            kind: 'Resource',
            'spec.type': DYNAMODB_TABLE_RESOURCE_TYPE,
          },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await deps.auth.getOwnServiceCredentials() },
    );
    const problems: FieldError[] = [];
    for (const entity of items) {
      const ref = stringifyEntityRef(entity);
      const other = parseTableArn(
        entity.metadata.annotations?.[DYNAMODB_TABLE_ARN_ANNOTATION] ?? '',
      );
      if (other?.arn === arn) {
        problems.push(
          problem(`the catalog already declares this table as ${ref}`),
        );
      } else if (entity.metadata.name === tableName) {
        problems.push(
          problem(
            `the catalog already has an entity named ${tableName} (${ref})`,
          ),
        );
      } else if (
        other &&
        kubernetesNameForTable(other.tableName) === kubernetesName
      ) {
        problems.push(
          problem(
            `its Kubernetes name ${kubernetesName} is already the Application of table ${other.tableName} (${other.accountId}/${other.region}, ${ref})`,
          ),
        );
      }
    }
    return problems;
  }

  return {
    async check(target: AwsTarget, tableName: string): Promise<TableNameCheck> {
      const kubernetesName = kubernetesNameForTable(tableName);
      const base = { tableName, ...target, kubernetesName };
      const ruleProblem = tableNameProblem(tableName);
      if (ruleProblem) {
        return {
          ...base,
          available: false,
          problems: [problem(ruleProblem)],
          unverified: [],
        };
      }
      const problems: FieldError[] = [];
      if (!isKubernetesName(kubernetesName)) {
        problems.push(
          problem(`its Kubernetes name ${kubernetesName} is not a valid name`),
        );
      }
      const [aws, catalog] = await Promise.all([
        inAws(target, tableName),
        inCatalog(target, tableName, kubernetesName),
      ]);
      if (aws.problem) problems.push(aws.problem);
      problems.push(...catalog);
      return {
        ...base,
        available: problems.length === 0,
        problems,
        unverified: aws.unverified ? [aws.unverified] : [],
      };
    },
  };
}

/** @public */
export type TableNameService = ReturnType<typeof createTableNameService>;
