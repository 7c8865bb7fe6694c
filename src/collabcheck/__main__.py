from collabcheck.cli import main

main()
