"""Links between claims: the claims the mechanism suggests may describe the same event as
a newly submitted one, and the links reviewers and the secretariat record ("same event":
a counter-claim, each side blaming the other; "related": a sequence)."""
