"""Private machinery of :mod:`rolefit.batch`: the journal and its lock, the inputs (local
folders and fsspec URLs) and the Dask executor. Public names live in :mod:`rolefit.batch`."""
