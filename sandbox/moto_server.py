"""The sandbox's stand-in for AWS: moto's server, with known ids for named organization accounts.

Runs exactly like `moto_server` (same arguments: -H HOST -p PORT ...), with one difference. The sandbox's
demo accounts have fixed ids that its fleet, its catalog and its tests use, and it scans them as the
members of an AWS Organization, as production does. moto cannot express that: Organizations CreateAccount
gives every new account a random id, and moto has no InviteAccountToOrganization to bring an existing
account in. This launcher works around that gap: an account created with a name listed in
MOTO_ORGANIZATION_ACCOUNT_IDS gets the id listed for it; every other account gets a random id as usual.

    MOTO_ORGANIZATION_ACCOUNT_IDS="platform-prod=111111111111,payments-prod=222222222222"

On AWS none of this exists: the member accounts are already in the organization, and the portal only lists
them (ListAccounts). Run it with the Python that has moto installed (scripts/moto-server finds it).
"""

import os
import re
import sys
import threading

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


def main():
    assign_account_ids(parse_account_ids(os.environ.get(VARIABLE, "")))
    from moto.server import main as moto_server

    moto_server(sys.argv[1:])


if __name__ == "__main__":
    main()
