"""The documents a project must publish, written from the proposal that was checked: the
executive summary (summary.py) and the outcomes report (outcomes.py), as markdown or HTML
(render/). Each states only what the proposal says, and each carries the version stamp that
identifies the proposal it was written from (stamp.py)."""
