from fawbrief.cli.main import main

main()
