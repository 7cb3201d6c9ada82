"""``python -m simweb serve CORPUS`` / ``python -m simweb check CORPUS`` (same as ``exscout simweb``)."""

from simweb.cli import main

main()
