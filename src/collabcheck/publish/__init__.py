"""What a checked proposal says that must be published, written from the proposal itself: the
executive summary (summary.py) and the outcomes report (outcomes.py), as markdown or HTML
(render/), and a year's Disclosure UK entries (disclosure.py). Each states only what the
proposal says; the documents carry the version stamp that identifies the proposal they were
written from (stamp.py)."""
