from collabcheck.launch import main

main()
