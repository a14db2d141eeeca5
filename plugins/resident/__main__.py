import sys

from resident.driver import main

main(sys.argv[1:])
