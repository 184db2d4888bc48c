"""The reader's screens: the main reader, help, sources and small modal dialogs."""
