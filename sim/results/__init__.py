"""Result tables, their data dictionary, the printed summary and run-directory files."""
