"""``python -m rolefit``: the same command line as the ``rolefit`` console script."""

from rolefit.cli import main

if __name__ == "__main__":
    main()
