from collabcheck.cli.launch import main

main()
