"""UpdateTable applies SSESpecification as DynamoDB does: a workaround for moto 5.2.1, whose UpdateTable ignores it.

On AWS, UpdateTable with `SSESpecification` switches a live table's key (API_SSESpecification, and the DynamoDB
developer guide's "Encryption at rest usage notes"):

- `Enabled: false`, or no `Enabled`: the AWS owned key; DescribeTable then has no `SSEDescription`.
- `Enabled: true` without a key: the AWS managed key, `alias/aws/dynamodb` in the table's account and region,
  created on first use (as moto's CreateTable creates it).
- `Enabled: true, SSEType: KMS, KMSMasterKeyId: <key id, key ARN, alias name or alias ARN>`: that key;
  `SSEDescription.KMSMasterKeyArn` is the key's ARN, however it was named.

DynamoDB checks the key with KMS before it changes anything, and refuses a key it cannot use; the table and
its SSEDescription stay as they were. The codes and messages below are DynamoDB's (HTTP 400 unless noted) as
others published them from runs against AWS, not run here: aws-solutions/generative-ai-application-builder-
on-aws issue 29 (a key that does not exist), terraform-provider-aws PR 5666 (AES256), the CloudFormation user
guide's PR 1228 (a key without SSEType), and public probes of DynamoDB's answers for the other key states:

- a key or alias that does not exist, or an ARN of another region: ValidationException "KMS validation
  error: ...NotFoundException: ...";
- a disabled key: ValidationException "KMS key disabled error: ...DisabledException: <arn> is disabled.";
- a key pending deletion: ValidationException "KMS validation error: ...KMSInvalidStateException: <arn> is
  pending deletion.";
- an asymmetric or HMAC key (DynamoDB takes only symmetric keys): InternalServerError (HTTP 500) "KMS internal
  error: ...EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.";
- `SSEType: AES256`: ValidationException "One or more parameter values were invalid: SSEType AES256 is not
  supported"; a key without `SSEType: KMS`: ValidationException "SSEType KMS is required if KMSMasterKeyId is
  specified".

Not simulated (docs/sandbox.md lists them): the switch is immediate (on AWS SSEDescription.Status is UPDATING
for a while, and no other UpdateTable is accepted meanwhile); DynamoDB's quota on switches (four per table in a
24-hour window, then one more after six quiet hours; switching to the AWS owned key is unlimited:
LimitExceededException "Subscriber limit exceeded: Encryption mode changes are limited in the 24h window ...");
key policies and grants (DynamoDB answers AccessDeniedException when the policy denies it the key, e.g.
another service's AWS managed key).
"""

import uuid


def _kms_error(exception, message, code=None):
    """DynamoDB's wording of KMS's answer, as it embeds it in its own error."""
    return (
        f"com.amazonaws.services.kms.model.{exception}: {message} (Service: AWSKMS; Status Code: 400; "
        f"Error Code: {code or exception}; Request ID: {uuid.uuid4()}; Proxy: null)"
    )


def apply_sse_in_update_table():
    """Makes moto's UpdateTable switch the table's key as DynamoDB does, or refuse as DynamoDB does."""
    from moto.core.exceptions import JsonRESTError
    from moto.dynamodb import responses
    from moto.dynamodb.exceptions import ERROR_TYPE_PREFIX, MockValidationException
    from moto.kms.models import kms_backends
    from moto.utilities.utils import get_partition

    class InternalServerError(JsonRESTError):
        code = 500

        def __init__(self, message):
            super().__init__(ERROR_TYPE_PREFIX + "InternalServerError", message)

    def not_found(message):
        return MockValidationException("KMS validation error: " + _kms_error("NotFoundException", message))

    def resolve_key(account_id, region, key_ref, table):
        """The key `key_ref` names for a table in `account_id`/`region`, or DynamoDB's refusal."""
        partition = get_partition(region)
        account, resource = account_id, key_ref
        if key_ref.startswith("arn:"):
            parts = key_ref.split(":", 5)
            if len(parts) != 6 or parts[2] != "kms":
                raise not_found(f"Invalid arn {key_ref}")
            if parts[3] != region:
                raise not_found(f"Invalid arn {parts[3]}")
            account, resource = parts[4], parts[5]
        elif not key_ref.startswith("alias/"):
            resource = "key/" + key_ref
        kms = kms_backends[account][region]
        if resource == "alias/aws/dynamodb" and account == account_id:
            # The AWS managed key is created on first use, as moto's CreateTable creates it.
            return kms.describe_key(table._get_default_encryption_key(account_id, region))
        if resource.startswith("alias/"):
            key_id = kms.get_key_id_from_alias(resource)
            if key_id is None:
                raise not_found(f"Alias arn:{partition}:kms:{region}:{account}:{resource} is not found.")
        else:
            key_id = resource[len("key/") :]
            if key_id not in kms.keys:
                raise not_found(f"Key 'arn:{partition}:kms:{region}:{account}:key/{key_id}' does not exist")
        key = kms.keys[key_id]
        if key.key_state == "Disabled":
            raise MockValidationException(
                "KMS key disabled error: " + _kms_error("DisabledException", f"{key.arn} is disabled.")
            )
        if key.key_state != "Enabled":
            state = "pending deletion" if key.key_state == "PendingDeletion" else f"in state {key.key_state}"
            raise MockValidationException(
                "KMS validation error: " + _kms_error("KMSInvalidStateException", f"{key.arn} is {state}.")
            )
        if key.key_spec != "SYMMETRIC_DEFAULT":
            raise InternalServerError(
                "KMS internal error: "
                + _kms_error(
                    "AWSKMSException",
                    "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.",
                    code="ValidationException",
                )
            )
        return key

    def sse_after(handler, table, spec):
        """The table's sse_specification after UpdateTable with `spec` (None: the AWS owned key)."""
        if spec.get("Enabled") is not True:
            return None
        sse_type = spec.get("SSEType")
        if sse_type not in (None, "KMS"):
            raise MockValidationException(
                f"One or more parameter values were invalid: SSEType {sse_type} is not supported"
            )
        key_ref = spec.get("KMSMasterKeyId")
        if key_ref is not None and sse_type != "KMS":
            raise MockValidationException("SSEType KMS is required if KMSMasterKeyId is specified")
        key = resolve_key(handler.current_account, handler.region, key_ref or "alias/aws/dynamodb", table)
        return {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key.arn}

    update_table = responses.DynamoHandler.update_table

    def update_table_with_sse(self):
        spec = self.body.get("SSESpecification")
        if spec is None:
            return update_table(self)
        table = self.dynamodb_backend.get_table(self.body["TableName"])
        # Checked before anything changes: a refused key leaves the whole table as it was.
        wanted = sse_after(self, table, spec)
        before = table.sse_specification
        table.sse_specification = wanted
        try:
            return update_table(self)
        except Exception:
            table.sse_specification = before
            raise

    responses.DynamoHandler.update_table = update_table_with_sse
