"""The sandbox's stand-in for AWS: moto's server, with known ids for named organization accounts,
EventBridge envelopes delivered as AWS delivers them, and key switches on live DynamoDB tables.

Runs exactly like `moto_server` (same arguments: -H HOST -p PORT ...), with three differences. The sandbox's
demo accounts have fixed ids that its fleet, its catalog and its tests use, and it scans them as the
members of an AWS Organization, as production does. moto cannot express that: Organizations CreateAccount
gives every new account a random id, and moto has no InviteAccountToOrganization to bring an existing
account in. This launcher works around that gap: an account created with a name listed in
MOTO_ORGANIZATION_ACCOUNT_IDS gets the id listed for it; every other account gets a random id as usual.

    MOTO_ORGANIZATION_ACCOUNT_IDS="platform-prod=111111111111,payments-prod=222222222222"

On AWS none of this exists: the member accounts are already in the organization, and the portal only lists
them (ListAccounts).

The second: the sandbox forwards each demo account's events to a central event bus in its main account,
whose rules send them to the portal's SQS queue (docs/events.md). moto 5.2 delivers an event to a queue
without the envelope's `account`, and re-publishes an event forwarded to another bus as new, under the
receiving bus's account, region, id and time, without its resources. On AWS the envelope that reaches the
queue is the one the event started with; the portal reads which account and region changed from it.
`deliver_events_as_aws_does` makes moto do the same.

The third: moto 5.2.1's UpdateTable ignores `SSESpecification`, so a table's key could not be switched
after CreateTable, and the sandbox reconciler could not apply an Application's new key as the ACK controller
does (UpdateTable). `apply_sse_in_update_table` (moto_dynamodb_sse.py, beside this file) makes UpdateTable
switch the key, or refuse a key DynamoDB cannot use, as DynamoDB does.

Run it with the Python that has moto installed (scripts/moto-server finds it).
"""

import os
import re
import sys
import threading

from moto_dynamodb_sse import apply_sse_in_update_table

VARIABLE = "MOTO_ORGANIZATION_ACCOUNT_IDS"


def parse_account_ids(value):
    """`name=id,name=id` -> {name: id}; exits naming the variable when an entry is malformed."""
    ids = {}
    for entry in filter(None, (part.strip() for part in value.split(","))):
        name, _, account_id = entry.rpartition("=")
        if not name or not re.fullmatch(r"\d{12}", account_id):
            sys.exit(f"{VARIABLE}: '{entry}' is not name=<12-digit account id>")
        if account_id in ids.values():
            sys.exit(f"{VARIABLE}: account id {account_id} is listed twice")
        ids[name] = account_id
    return ids


def assign_account_ids(ids):
    """Makes moto's CreateAccount give the account named `name` the id `ids[name]`."""
    from moto.organizations import models, utils

    random_account_id = utils.make_random_account_id
    create_account = models.FakeAccount.__init__
    # moto's server is threaded: the name of the account being created is per thread.
    creating = threading.local()

    def account_id():
        wanted = ids.get(getattr(creating, "name", None))
        # An id already in an organization is not handed out twice (CreateAccount twice with one name).
        if wanted and wanted not in models.organizations_backends.master_accounts:
            return wanted
        return random_account_id()

    def fake_account(self, organization, **kwargs):
        creating.name = kwargs.get("AccountName")
        try:
            create_account(self, organization, **kwargs)
        finally:
            creating.name = None

    utils.make_random_account_id = account_id
    models.FakeAccount.__init__ = fake_account


def deliver_events_as_aws_does():
    """An SQS target receives the whole envelope, `account` included; a bus target passes it on unchanged."""
    import copy

    from moto.events import models, utils
    from moto.utilities.arns import parse_arn

    template = utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE
    if '"account"' not in template:
        utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE = template.replace(
            '"source": "<source>",', '"source": "<source>", "account": "<account>",'
        )

    send_to_targets = models.Rule.send_to_targets

    def is_bus(target):
        arn = parse_arn(target["Arn"])
        return arn.service == "events" and arn.resource_type == "event-bus"

    # As on AWS, an event a bus received from another bus goes no further bus: no third hop, no loop.
    forwarding = threading.local()

    def send(self, event, transform_input=True):
        buses = [t for t in self.targets if is_bus(t)]
        if not buses:
            return send_to_targets(self, event, transform_input)
        if not self.event_pattern.matches_event(event):
            return None
        others = copy.copy(self)
        others.targets = [t for t in self.targets if not is_bus(t)]
        send_to_targets(others, event, transform_input)
        if getattr(forwarding, "active", False):
            return None
        forwarding.active = True
        try:
            for target in buses:
                arn = parse_arn(target["Arn"])
                backend = models.events_backends[arn.account][arn.region]
                bus = backend.describe_event_bus(arn.resource_id)
                for rule in list(bus.rules.values()):
                    rule.send_to_targets(copy.deepcopy(event))
        finally:
            forwarding.active = False
        return None

    models.Rule.send_to_targets = send


def main():
    assign_account_ids(parse_account_ids(os.environ.get(VARIABLE, "")))
    deliver_events_as_aws_does()
    apply_sse_in_update_table()
    from moto.server import main as moto_server

    moto_server(sys.argv[1:])


if __name__ == "__main__":
    main()
