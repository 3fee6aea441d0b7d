"""AWS DMS: table mappings and task settings built from the Inventory, and the boto3 calls that run them.

The builders (`mappings`, `settings`, `endpoints`, `replication`, `plan`) are pure and make no AWS
call; `client` is the one boto3 boundary; `apply`, `monitor` and `waiters` drive a live DMS.
"""
