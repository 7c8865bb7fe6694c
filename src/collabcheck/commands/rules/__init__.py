"""`collabcheck rules list | show | test`: what a rule pack holds, and whether its cases hold."""
