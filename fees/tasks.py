"""Background tasks of the fees app: none. Quotes are computed synchronously and the fee data is seeded by
``migrate`` (fees.apps post_migrate receiver), so there is nothing to queue."""
