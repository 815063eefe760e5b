"""Fleets: scan many repositories, in local processes or on a Dask cluster, into one view.

`sources` reads which repositories make up the fleet, `task` scans one of them where it runs
(cloning it first when it is a URL, see `clone`) and reduces the scan to a compact result,
`executors` runs the tasks (a local process pool; Dask in `dask_executor`), `state` keeps
results per repository and commit so that an interrupted run resumes, and `organisation`
turns the results into the organisation's view. `run` ties them together.
"""
