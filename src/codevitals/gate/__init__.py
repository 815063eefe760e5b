"""The CI gate: compare a change with its base and fail only on new debt."""
