"""Run the `pelican` command and record this process's peak memory apart from
its children's (the Pagefind indexer), which wait4 on the whole tree cannot.

Usage: python bench/measured_pelican.py RESULT.json [pelican arguments...]
"""

import json
import resource
import sys

from pelican import main

if __name__ == "__main__":
    result_path, sys.argv = sys.argv[1], ["pelican", *sys.argv[2:]]
    try:
        main()
    finally:
        kib = {
            "pelican_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        }
        with open(result_path, "w") as result:
            json.dump({name: value / 1024 for name, value in kib.items()}, result)
