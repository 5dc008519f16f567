"""The daily notification: opt-in, quiet at night, silent on hard days, named from curation alone.

Show is not push (docs/design.md, principle 5): the message is built only from `curate_day`'s
decisions and names nothing but plainly happy memories. `deliver` is one run (the CLI,
cron); `run_due` is what the server calls every minute.
"""

from gentle_memories.deliver.notify.run import Outcome, deliver, run_due

__all__ = ["Outcome", "deliver", "run_due"]
