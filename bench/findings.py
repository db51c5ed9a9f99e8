"""What the numbers mean: causes of the missed targets and proposed fixes (shown in RESULTS.md).

Kept apart from the measuring code; update it when a finding is fixed.
"""

FINDINGS = """
(Filled in after the full run.)
"""
