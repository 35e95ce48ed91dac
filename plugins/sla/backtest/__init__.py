"""Backtesting a policy: run a draft (a policy as edited, not saved) over the records of a
period and compare what it would have given with what actually happened, writing nothing.

``run.backtest`` is the whole of it; ``draft`` replays records under the draft in
transactions that are always rolled back, ``outcomes`` reads and counts clocks the same way
for both sides, ``period`` reads the period asked for, ``table`` prints the result."""
