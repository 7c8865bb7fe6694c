"""A problem found in an input file (a rule file, a waiver file, the configuration), at its
line and column, as every such message is printed."""

from collabcheck.common.records import Record


class FileProblem(Record):
    message: str
    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        if not self.file:  # about the run as a whole, not one file
            return self.message
        column = f":{self.column}" if self.column else ""
        return f"{self.file}:{self.line}{column}: {self.message}"
