"""The one rule engine of zonedesk: pure (no ORM, no settings), shared by the cultivation ladder
and the policies. Rules are JSON trees over the named facts of ``facts.FACTS``; ``engine.compile_rule``
validates one and ``CompiledRule.evaluate`` answers pass / fail / unknown with a per-condition
trace. Benefit formulas live in ``benefit``; facts are derived from plain data in ``derive``."""
